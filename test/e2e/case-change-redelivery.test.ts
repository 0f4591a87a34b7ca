// OnCaseChange talks to Step Functions and EventBridge with signed JSON calls (@cter/store's
// AwsJsonClient), not the SDK clients: a stream record delivered again must still find the execution
// it started (ExecutionAlreadyExists, named as the SDK names it) and publish nothing new.
import { describe, expect, it } from 'vitest';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { useOwnTwin, settled } from '../support/own-twin';
import { ownTwinTables } from '../support/covenant';
import { signalFor } from '../support/signed-client';
import { sfnCall } from '../support/twin-ops';

const REGION = 'kennemerland';

describe('a case record delivered again to OnCaseChange', () => {
  const own = useOwnTwin();

  it('starts no second execution and fails no record', async () => {
    const twin = own.twin();
    const reply = await own.call(`${REGION}.politie`, 'POST', '/signals', { body: signalFor('haarlem') });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const caseId = reply.body.caseId as string;
    await settled(twin);

    const machines = await sfnCall(twin, 'ListStateMachines', {});
    expect(machines.status, JSON.stringify(machines.body)).toBe(200);
    const intake = (machines.body.stateMachines as Array<{ name: string; stateMachineArn: string }>).find((m) => m.name.includes(REGION) && m.name.endsWith('intake'))!;
    expect(intake).toBeDefined();
    const executionsOfCase = async () => {
      const listed = await sfnCall(twin, 'ListExecutions', { stateMachineArn: intake.stateMachineArn });
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      return (listed.body.executions as Array<{ name: string }>).filter((e) => e.name === caseId);
    };
    expect(await executionsOfCase()).toHaveLength(1);

    const tables = ownTwinTables(twin, REGION);
    const item = await tables.client.send(new GetItemCommand({ TableName: tables.cases, Key: { pk: { S: `CASE#${caseId}` }, sk: { S: 'CASE' } }, ConsistentRead: true }));
    expect(item.Item?.entity).toEqual({ S: 'case' });
    const onCaseChange = [...twin.regions.get(REGION)!.functions.values()].find((fn) => fn.functionName.includes('OnCaseChange'))!;
    const again = await onCaseChange.invoke({ Records: [{ eventID: 'redelivered', eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: item.Item } }] });
    expect(again).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    await settled(twin);
    expect(await executionsOfCase()).toHaveLength(1);
  });
});
