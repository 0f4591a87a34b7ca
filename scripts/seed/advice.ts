// Demo anonymous advice requests (adviesvraag) per region, through the public API: a school's open
// question, a request the specialist asked back on, one it answered, and one a school's worry that
// became a signal (converted by the specialist on the school's behalf, for a demo person). Found
// again by their concern text on a second run, and taken on from the step they reached.
import type { RegionPartners } from './partners';
import { demoBsn, DEMO_REGIONS } from './demo-people';

export type AdviceScenario = 'open' | 'asked-back' | 'answered' | 'converted';

type Step = { by: string; kind: 'answer' | 'question' | 'reply'; text: string } | { convert: true };

interface DemoAdvice {
  scenario: AdviceScenario;
  askedBy: string;
  concern: string;
  steps: Step[];
}

export interface SeededAdvice {
  region: string;
  scenario: AdviceScenario;
  adviceRequestId: string;
  askedBy: string;
  status: string;
  /** The case a conversion opened. */
  caseId?: string;
  created: boolean;
  wrote: string[];
}

const CONTACT = { name: 'Vrager Demo (fictief)', phone: '+31 20 000 0001' };
const SPECIALIST = 'specialist-re';

function demoAdvice(): DemoAdvice[] {
  return [
    { scenario: 'open', askedBy: 'onderwijs', concern: 'Demo-adviesvraag: een leerling uit de brugklas tekent symbolen van een extremistische groep in zijn schriften.', steps: [] },
    {
      scenario: 'asked-back',
      askedBy: 'jeugdzorg',
      concern: 'Demo-adviesvraag: een jongere in begeleiding spreekt steeds vaker over "verraders" die gestraft moeten worden.',
      steps: [{ by: SPECIALIST, kind: 'question', text: 'Demo: noemt de jongere daarbij bepaalde groepen of personen, en waar haalt hij dit vandaan?' }],
    },
    {
      scenario: 'answered',
      askedBy: 'gemeente',
      concern: 'Demo-adviesvraag: een wijkteam ziet een buurtbewoner die online oproepen tot geweld deelt; is dit een signaal?',
      steps: [{ by: SPECIALIST, kind: 'answer', text: 'Demo: houd het gesprek open, leg vast wat u ziet en meld het als de oproepen concreet worden.' }],
    },
    {
      scenario: 'converted',
      askedBy: 'onderwijs',
      concern: 'Demo-adviesvraag: een leerling deelt filmpjes die geweld verheerlijken en zoekt contact met oudere jongeren die hem ronselen.',
      steps: [
        { by: SPECIALIST, kind: 'question', text: 'Demo: weet u of de jongeren hem ook buiten school benaderen?' },
        { by: 'onderwijs', kind: 'reply', text: 'Demo: ja, na schooltijd bij het winkelcentrum.' },
        { by: SPECIALIST, kind: 'answer', text: 'Demo: dan adviseer ik een melding; noemt u de naam, dan zet ik de melding voor u door.' },
        { convert: true },
      ],
    },
  ];
}

/** The municipality of the region the demo advice is about, and whose municipality organisation asks. */
const MUNICIPALITY: Record<string, string> = { 'noord-holland-noord': 'alkmaar', 'zaanstreek-waterland': 'zaanstad', kennemerland: 'haarlem' };

export async function seedAdvice(partners: RegionPartners, log: (line: string) => void): Promise<SeededAdvice[]> {
  const region = partners.region;
  const municipality = MUNICIPALITY[region]!;
  const seeded: SeededAdvice[] = [];
  for (const demo of demoAdvice()) {
    const askedBy = demo.askedBy === 'gemeente' ? `gemeente-${municipality}` : demo.askedBy;
    const asker = partners.as(askedBy);
    const wrote: string[] = [];
    // Found again by its concern: the asker's own list, then each request (the list carries no text).
    let found: Awaited<ReturnType<typeof asker.getAdviceRequest>> | undefined;
    for (const summary of (await asker.listAdviceRequests({ limit: 100 })).items) {
      const request = await asker.getAdviceRequest(summary.adviceRequestId);
      if (request.concern === demo.concern) found = request;
    }
    const created = !found;
    const adviceRequestId = found?.adviceRequestId ?? (await asker.createAdviceRequest({ concern: demo.concern, contact: CONTACT })).adviceRequestId;
    if (created) wrote.push('asked');
    const done = (found?.messages.length ?? 0) + (found?.status === 'converted' ? 1 : 0);
    let caseId = found?.caseId;
    for (const step of demo.steps.slice(done)) {
      if ('convert' in step) {
        const subject = { name: 'Daan Adviesvraag (demo)', bsn: demoBsn(DEMO_REGIONS.indexOf(region) * 10 + 8), birthDate: '2011-02-14', municipality };
        caseId = (await partners.as(SPECIALIST).convertAdviceRequest(adviceRequestId, { subject, reason: 'Demo: na de adviesvraag van de school noemt de mentor de naam; de specialist zet de melding door.' })).caseId;
        wrote.push('converted');
      } else {
        await partners.as(step.by).postAdviceMessage(adviceRequestId, { kind: step.kind, text: step.text });
        wrote.push(step.kind);
      }
    }
    const status = (await asker.getAdviceRequest(adviceRequestId)).status;
    log(`${region}: advice request ${adviceRequestId} ${created ? 'asked' : 'found'} (${demo.scenario} by ${askedBy}: ${status})${wrote.length ? `, wrote ${wrote.join(', ')}` : ''}`);
    seeded.push({ region, scenario: demo.scenario, adviceRequestId, askedBy, status, ...(caseId ? { caseId } : {}), created, wrote });
  }
  return seeded;
}
