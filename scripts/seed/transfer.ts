// The transfer between regions (warme overdracht): the one demo scenario that spans two regions.
import { advance, casesOf, openDemoCase, sleep, waitForState, withCurrentVersion, type ReportedCase } from './case-driver';
import { contributions, TRANSFER_ACCEPTANCE, TRANSFER_REASONING } from './demo-content';
import { DEMO_TRANSFER, type DemoPerson } from './demo-people';
import type { Partners, RegionPartners } from './partners';
import { STAGES, type SeededCase } from './scenarios';

/**
 * A person of Kennemerland moves to Zaanstad during the weighing: the municipality offers the case,
 * the ZVH of Zaanstreek-Waterland accepts, the weighing goes on there and the origin is transferred.
 */
export async function seedTransfer(partners: Partners, person: DemoPerson, log: (line: string) => void): Promise<SeededCase[]> {
  const origin = partners.region(DEMO_TRANSFER.from);
  const receiving = partners.region(DEMO_TRANSFER.toRegion);
  const demo = await openDemoCase(origin, person);
  log(`${origin.region}: ${demo.caseNumber} ${demo.created ? 'registered' : 'found'} (transfer)`);
  const wrote: string[] = [];
  const municipality = origin.as(`gemeente-${person.municipality}`);

  let state = await advance(origin, demo.caseId, { target: 'weighing', through: ['signal-received'], steps: contributions(person.municipality), readyWhen: { as: `gemeente-${person.municipality}`, kind: 'weighing-decision' } });
  if (state === 'weighing') {
    await withCurrentVersion(municipality, demo.caseId, (version) =>
      municipality.requestTransfer(demo.caseId, { version, toRegion: DEMO_TRANSFER.toRegion, toMunicipality: DEMO_TRANSFER.toMunicipality, reasoning: TRANSFER_REASONING }),
    );
    wrote.push(`offered to ${DEMO_TRANSFER.toRegion}`);
    state = await waitForState(origin, demo.caseId, ['transfer-requested', 'transferred']);
  }
  const incoming = state === 'transfer-requested' || state === 'transferred' ? await receivedCase(receiving, person, demo.caseId) : undefined;
  let received: SeededCase | undefined;
  if (incoming) {
    const receivedState = await advance(receiving, incoming.case.caseId, {
      target: 'weighing',
      through: ['transfer-requested'],
      steps: [{ as: 'zvh', kind: 'transfer-acceptance', outcome: 'accept', reasoning: TRANSFER_ACCEPTANCE }],
    });
    if (incoming.case.state === 'transfer-requested') wrote.push(`accepted by the ZVH of ${DEMO_TRANSFER.toRegion} as ${incoming.case.caseNumber}`);
    state = await waitForState(origin, demo.caseId, ['transferred']);
    received = {
      region: receiving.region,
      scenario: 'transfer',
      caseId: incoming.case.caseId,
      caseNumber: incoming.case.caseNumber,
      state: receivedState,
      stage: `received from ${origin.region} (${demo.caseNumber}), accepted: the weighing goes on here`,
      created: wrote.length > 0,
      wrote: [],
    };
  }
  for (const line of wrote) log(`${origin.region}: ${demo.caseNumber} ${line}`);
  const sent: SeededCase = {
    region: origin.region,
    scenario: 'transfer',
    caseId: demo.caseId,
    caseNumber: demo.caseNumber,
    state,
    stage: received ? `${STAGES.transfer}: now ${received.caseNumber} in ${receiving.region}` : STAGES.transfer,
    created: demo.created,
    wrote,
  };
  return received ? [sent, received] : [sent];
}

/** The receiving region's case of the offer (it registers it a moment after the offer). */
async function receivedCase(receiving: RegionPartners, person: DemoPerson, originCaseId: string): Promise<ReportedCase> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const offered = (await casesOf(receiving, person.signal.subject.bsn)).filter((c) => c.case.transferIn?.originCaseId === originCaseId);
    // A refused offer leaves a rejected case behind; the live one is the newest that is not.
    const live = offered.filter((c) => c.case.state !== 'rejected').at(-1);
    if (live) return live;
    if (Date.now() > deadline) throw new Error(`${receiving.region} did not register the offered case ${originCaseId} within 120 s`);
    await sleep(750);
  }
}
