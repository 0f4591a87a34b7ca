// The anonymous advice request (adviesvraag): a professional asks the region's specialist R&E about a
// worry without naming the person; they talk it through, and once the asker names the person the
// request becomes a signal through the real signal path (a case and its work process). On a twin of
// this file's own: the retention walk moves the clock by a year.
import { describe, expect, it } from 'vitest';
import { itemsMentioning, invokeFunction, ownTwinTables } from '../support/covenant';
import { settled, useOwnTwin } from '../support/own-twin';
import { signalFor } from '../support/signed-client';
import { WorkflowDriver } from '../support/workflow-driver';

const own = useOwnTwin();
const REGION = 'kennemerland';
const as = (organisation: string) => `${REGION}.${organisation}`;
const DAY = 86_400_000;
const SLOW = { timeout: 240_000 };

const concern = 'Een leerling uit groep 8 deelt filmpjes die geweld verheerlijken en zoekt contact met oudere jongeren die hem ronselen.';
const contact = { name: 'M. de Leerkracht', phone: '+31 23 555 0199' };

async function ask(organisation: string, text = concern) {
  const reply = await own.call(as(organisation), 'POST', '/advice-requests', { body: { concern: text, contact } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.adviceRequestId as string;
}

async function say(organisation: string, id: string, kind: 'answer' | 'question' | 'reply', text: string) {
  const reply = await own.call(as(organisation), 'POST', `/advice-requests/${id}/messages`, { body: { kind, text } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

describe('anonymous advice request', SLOW, () => {
  let schoolRequest: string;

  it('ask, answer, ask back, reply, convert: the case that results carries the advice history', async () => {
    // A school (no signal capability) asks; the id is the server's.
    schoolRequest = await ask('onderwijs');
    expect(schoolRequest).toMatch(/^[0-9a-f-]{36}$/);
    const asked = await own.call(as('onderwijs'), 'GET', `/advice-requests/${schoolRequest}`);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ adviceRequestId: schoolRequest, regionId: REGION, askedBy: 'onderwijs', status: 'open', concern, contact, messages: [] });

    // The specialist sees the region's requests; the school its own.
    const list = await own.call(as('specialist-re'), 'GET', '/advice-requests?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { adviceRequestId: string }) => i.adviceRequestId)).toContain(schoolRequest);
    expect(JSON.stringify(list.body)).not.toContain(concern);
    const own_ = await own.call(as('onderwijs'), 'GET', '/advice-requests');
    expect(own_.body.items.map((i: { adviceRequestId: string }) => i.adviceRequestId)).toContain(schoolRequest);

    // Answer, ask back, reply: the thread and its status follow.
    await say('specialist-re', schoolRequest, 'answer', 'Goed dat u dit meldt. Praat met de ouders en houd bij wat u ziet.');
    await say('specialist-re', schoolRequest, 'question', 'Weet u of de jongeren hem buiten school benaderen?');
    expect((await own.call(as('onderwijs'), 'GET', `/advice-requests/${schoolRequest}`)).body.status).toBe('asked-back');
    await say('onderwijs', schoolRequest, 'reply', 'Ja, na schooltijd bij het winkelcentrum.');
    await say('specialist-re', schoolRequest, 'answer', 'Dan adviseer ik een melding; noemt u de naam, dan zet ik de melding voor u door.');
    const thread = await own.call(as('specialist-re'), 'GET', `/advice-requests/${schoolRequest}`);
    expect(thread.body.status).toBe('answered');
    expect(thread.body.messages.map((m: { kind: string; from: string }) => `${m.kind}:${m.from}`)).toEqual(['answer:specialist-re', 'question:specialist-re', 'reply:onderwijs', 'answer:specialist-re']);
    expect(thread.body.firstAnsweredAt).toEqual(thread.body.messages[0].at);
    // The asker may not answer for the specialist, nor the specialist reply for the asker.
    expect((await own.call(as('onderwijs'), 'POST', `/advice-requests/${schoolRequest}/messages`, { body: { kind: 'answer', text: 'Zelf beantwoord' } })).status).toBe(403);
    expect((await own.call(as('specialist-re'), 'POST', `/advice-requests/${schoolRequest}/messages`, { body: { kind: 'reply', text: 'Namens de school' } })).status).toBe(403);

    // The school names the person; it has no signal capability, so the specialist converts on its
    // behalf (the gateway refuses the school itself).
    const signal = signalFor('haarlem');
    const body = { subject: signal.subject, reason: 'Zorgen na adviesvraag: geweldverheerlijking en ronselen' };
    const bySchool = await own.call(as('onderwijs'), 'POST', `/advice-requests/${schoolRequest}/conversion`, { body });
    expect(bySchool.status).toBe(403);
    const converted = await own.call(as('specialist-re'), 'POST', `/advice-requests/${schoolRequest}/conversion`, { body });
    expect(converted.status, JSON.stringify(converted.body)).toBe(201);
    expect(converted.body).toMatchObject({ adviceRequestId: schoolRequest, caseId: expect.any(String), caseNumber: expect.stringMatching(/^KEN-/), state: 'signal-received' });
    const caseId = converted.body.caseId as string;
    expect(converted.headers.get('location')).toBe(`/cases/${caseId}`);
    // Once only.
    const again = await own.call(as('specialist-re'), 'POST', `/advice-requests/${schoolRequest}/conversion`, { body });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBeTruthy();

    // The real signal path: the work process starts and the case reaches the weighing.
    const wf = new WorkflowDriver(own, REGION);
    await wf.settle();
    await wf.waitForState(caseId, 'weighing');

    // The case keeps the link and the advice history, for those who may see the case in full.
    const seen = await own.call(as('politie'), 'GET', `/cases/${caseId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.signal).toMatchObject({ reason: body.reason, reporter: contact, reportingOrganisation: 'specialist-re' });
    expect(seen.body.advice).toMatchObject({ adviceRequestId: schoolRequest, askedBy: 'onderwijs', concern, convertedBy: 'specialist-re' });
    expect(seen.body.advice.messages.map((m: { kind: string }) => m.kind)).toEqual(['answer', 'question', 'reply', 'answer']);
    const history = await own.call(as('politie'), 'GET', `/cases/${caseId}/history`);
    expect(history.body.events[0]).toMatchObject({ type: 'signal.received', fields: [`adviceRequest:${schoolRequest}`] });

    // The request records the case and takes no more messages.
    const after = await own.call(as('onderwijs'), 'GET', `/advice-requests/${schoolRequest}`);
    expect(after.body).toMatchObject({ status: 'converted', caseId, convertedAt: expect.any(String) });
    expect((await own.call(as('onderwijs'), 'POST', `/advice-requests/${schoolRequest}/messages`, { body: { kind: 'reply', text: 'Nog een vraag' } })).status).toBe(409);

    // Reads and writes of the advice text are audited (ids only in the records).
    const audit = await itemsMentioning(ownTwinTables(own.twin(), REGION), 'audit', [schoolRequest]);
    expect(audit.filter((r) => r.action === 'read' && r.organisationId === 'specialist-re').length).toBeGreaterThan(0);
    expect(audit.filter((r) => r.action === 'write').map((r) => r.route)).toEqual(
      expect.arrayContaining(['POST /advice-requests', 'POST /advice-requests/{adviceRequestId}/messages', 'POST /advice-requests/{adviceRequestId}/conversion']),
    );
    expect(JSON.stringify(audit)).not.toContain(concern);
  });

  it('a partner with signal capability converts its own request; the specialist does not take it over', async () => {
    const id = await ask('jeugdzorg', 'Een jongere in begeleiding uit steeds vaker extreme opvattingen over ongelovigen.');
    await say('specialist-re', id, 'answer', 'Maak er een melding van als dit aanhoudt.');
    const body = { subject: signalFor('velsen').subject, reason: 'Aanhoudende extreme uitingen' };
    const bySpecialist = await own.call(as('specialist-re'), 'POST', `/advice-requests/${id}/conversion`, { body });
    expect(bySpecialist.status).toBe(403);
    expect(bySpecialist.body.error.message).toMatch(/asker/);
    const byAsker = await own.call(as('jeugdzorg'), 'POST', `/advice-requests/${id}/conversion`, { body });
    expect(byAsker.status, JSON.stringify(byAsker.body)).toBe(201);
    const seen = await own.call(as('specialist-re'), 'GET', `/cases/${byAsker.body.caseId}`);
    expect(seen.body.signal.reportingOrganisation).toBe('jeugdzorg');
    expect(seen.body.advice).toMatchObject({ adviceRequestId: id, askedBy: 'jeugdzorg', convertedBy: 'jeugdzorg' });
  });

  it('refuses another partner, another region, a client-chosen id and a BSN in the text, with a JSON error', async () => {
    const id = await ask('onderwijs');
    // Another partner of the region: the request does not exist for it (404), nor in its list.
    const other = await own.call(as('ggz'), 'GET', `/advice-requests/${id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NotFound');
    expect((await own.call(as('ggz'), 'GET', '/advice-requests?limit=100')).body.items.map((i: { adviceRequestId: string }) => i.adviceRequestId)).not.toContain(id);
    expect((await own.call(as('ggz'), 'POST', `/advice-requests/${id}/messages`, { body: { kind: 'reply', text: 'Meelezen' } })).status).toBe(404);
    expect((await own.call(as('politie'), 'POST', `/advice-requests/${id}/conversion`, { body: { subject: signalFor('haarlem').subject, reason: 'Overgenomen' } })).status).toBe(404);
    // Another region: its specialist does not know the request, and a role of this region may not call that API.
    expect((await own.call('zaanstreek-waterland.specialist-re', 'GET', `/advice-requests/${id}`)).status).toBe(404);
    expect((await own.call(as('specialist-re'), 'GET', `/advice-requests/${id}`, { region: 'zaanstreek-waterland' })).status).toBe(403);
    // The id is the server's.
    const chosen = await own.call(as('onderwijs'), 'POST', '/advice-requests', { body: { adviceRequestId: crypto.randomUUID(), concern, contact } });
    expect(chosen.status).toBe(422);
    expect(chosen.body.error.code).toBe('ValidationFailed');
    // No person before conversion: a BSN-shaped number (passing the 11-test) is refused, in the concern and in a message.
    const bsn = signalFor('haarlem').subject.bsn;
    const named = await own.call(as('onderwijs'), 'POST', '/advice-requests', { body: { concern: `Het gaat om de leerling met BSN ${bsn}.`, contact } });
    expect(named.status).toBe(422);
    expect(named.body.error.details).toEqual([{ path: 'concern', message: expect.stringMatching(/BSN/) }]);
    const inMessage = await own.call(as('specialist-re'), 'POST', `/advice-requests/${id}/messages`, { body: { kind: 'question', text: `Is dit ${bsn.slice(0, 3)} ${bsn.slice(3, 6)} ${bsn.slice(6)}?` } });
    expect(inMessage.status).toBe(422);
    expect(inMessage.body.error.details[0].path).toBe('text');
    // The specialist asks nobody for advice through this route; the privacy officer takes no part.
    expect((await own.call(as('specialist-re'), 'POST', '/advice-requests', { body: { concern, contact } })).status).toBe(403);
    expect((await own.call(as('privacy-officer'), 'GET', '/advice-requests')).status).toBe(403);
    const tables = ownTwinTables(own.twin(), REGION);
    expect(await itemsMentioning(tables, 'cases', [bsn])).toEqual([]);
  });

  it('a request not converted is destroyed by the retention run a year after its last message', async () => {
    const text = `Zorgen over een leerling die online radicaliseert (${crypto.randomUUID()}).`;
    const id = await ask('onderwijs', text);
    await say('specialist-re', id, 'answer', 'Houd contact met de ouders.');
    const last = (await own.call(as('specialist-re'), 'GET', `/advice-requests/${id}`)).body;
    const months = 12;
    const deleteAfter = new Date(last.lastMessageAt);
    deleteAfter.setUTCMonth(deleteAfter.getUTCMonth() + months);
    expect(last.deleteAfter).toBe(deleteAfter.toISOString());
    const tables = ownTwinTables(own.twin(), REGION);

    own.twin().clock.set(new Date(deleteAfter.getTime() - DAY));
    await settled(own.twin());
    await invokeFunction(own.twin(), REGION, 'RunRetention', { job: 'run-retention' });
    expect((await own.call(as('onderwijs'), 'GET', `/advice-requests/${id}`)).status).toBe(200);

    own.twin().clock.set(new Date(deleteAfter.getTime() + DAY));
    await settled(own.twin());
    // The daily schedule may have run the job on the way; the run on demand then finds nothing left.
    const run = await invokeFunction(own.twin(), REGION, 'RunRetention', { job: 'run-retention' });
    expect(run.adviceRequestsDestroyed).toEqual(expect.any(Number));
    expect((await own.call(as('onderwijs'), 'GET', `/advice-requests/${id}`)).status).toBe(404);
    expect(await itemsMentioning(tables, 'cases', [text, 'Houd contact met de ouders.'])).toEqual([]);
    // What a process report counts stays: ids, kinds and moments, no text.
    const facts = (await itemsMentioning(tables, 'cases', [id])).filter((i) => i.entity === 'advice-fact');
    expect(facts.map((f) => f.kind).sort()).toEqual(['answered', 'opened']);
  });
});
