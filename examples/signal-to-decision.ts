// From signal to decision with the typed client: register a signal, list the case's tasks until
// the work process has opened the police's contribution to the weighing, and decide it.
//
// Run while `npm start` runs, as the police of Kennemerland (a profile the twin wrote):
//   AWS_SHARED_CREDENTIALS_FILE=.twin/credentials AWS_PROFILE=kennemerland.politie npx tsx examples/signal-to-decision.ts
import { CterClient, ValidationError } from '@cter/client';

// Finds the region's API in .twin/endpoints.json; signs with the AWS credential chain (AWS_PROFILE).
const cter = new CterClient({ region: 'kennemerland' });

/** A made-up BSN that passes the 11-test: every run is about a new (fictitious) person. */
function fictitiousBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10));
    const check = digits.reduce((sum, digit, i) => sum + digit * (9 - i), 0) % 11;
    if (check < 10 && digits.some((d) => d > 0)) return `${digits.join('')}${check}`;
  }
}

try {
  // 1. Register a signal: opens a case. The client adds an Idempotency-Key, so a retry never opens a second case.
  const signal = await cter.registerSignal({
    subject: { name: 'Voorbeeld Persoon', bsn: fictitiousBsn(), birthDate: '2006-04-01', municipality: 'haarlem' },
    reason: 'Zorgen over uitingen op school',
    reporter: { name: 'J. de Mentor', phone: '+31 23 555 0101' },
  });
  console.log(`registered ${signal.caseNumber} (${signal.caseId}): ${signal.state}`);

  // 2. List the tasks of the case: the work process opens them shortly after, so ask until ours is there.
  let task;
  for (let attempt = 0; !task && attempt < 60; attempt++) {
    const { tasks } = await cter.listTasks(signal.caseId);
    task = tasks.find((t) => t.kind === 'weighing-contribution');
    if (!task) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!task) throw new Error('the weighing contribution task did not appear');
  console.log(`task ${task.taskId}: ${task.title} (outcomes: ${task.allowedOutcomes.join(', ')})`);

  // 3. Decide it with one of its outcomes and the reasoning.
  const decision = await cter.decide(signal.caseId, {
    task: task.taskId,
    outcome: 'contributed',
    reasoning: 'Bekend bij de politie: twee meldingen in 2025. Criteria en afweging vastgelegd in het dossier.',
  });
  console.log(`decided ${decision.kind}: ${decision.outcome} (case version ${decision.version})`);
} catch (error) {
  // Typed errors: ValidationError names each field, the others carry status, code and requestId.
  if (error instanceof ValidationError) console.error(error.message, error.details);
  else console.error(error);
  process.exitCode = 1;
}
