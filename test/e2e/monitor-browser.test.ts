// The process monitoring page in a real browser (Debian's headless Chromium), on the platform's own
// state machines: the overview shows a running execution, an execution's page draws its state
// machine with the running step and the failed step marked, and no page shows personal data.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumExecutable } from '../support/browser';
import { useOwnTwin } from '../support/own-twin';
import { signalFor } from '../support/signed-client';
import { WorkflowDriver } from '../support/workflow-driver';

const browserFound = chromiumExecutable();
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/monitor');

/** Pixels of `png` within a small distance of `rgb` (the marks' border colours). */
function pixelsNear(png: PNG, [r, g, b]: [number, number, number]): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i]! - r) + Math.abs(png.data[i + 1]! - g) + Math.abs(png.data[i + 2]! - b) < 40) count++;
  }
  return count;
}

const RED: [number, number, number] = [0xd9, 0x15, 0x15];
const BLUE: [number, number, number] = [0x09, 0x72, 0xd3];

describe.skipIf('missing' in browserFound)(`monitoring page in Chromium${'missing' in browserFound ? ` (skipped: ${browserFound.missing})` : ''}`, () => {
  const own = useOwnTwin();
  let browser: Browser;
  let page: Page;
  const secrets: string[] = [];
  let failedIntake: string;
  let runningIntake: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: (browserFound as { path: string }).path, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    mkdirSync(SHOTS, { recursive: true });

    // A case whose first step fails after all its retries: the intake ends FAILED in RecordWeighing.
    const north = new WorkflowDriver(own, 'noord-holland-noord');
    own.twin().faults.inject({ functionName: 'cter-noord-holland-noord-RecordState', times: 7, errorType: 'Lambda.ServiceException' });
    const failing = signalFor('alkmaar');
    const first = await own.call('noord-holland-noord.politie', 'POST', '/signals', { body: failing });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    failedIntake = north.executionArn('intake', first.body.caseId);
    for (let i = 0; i < 8; i++) await north.advanceSeconds(130);
    await north.waitForStatus(failedIntake, 'FAILED');

    // A case that runs: its intake waits for the weighing contributions.
    const ken = new WorkflowDriver(own, 'kennemerland');
    const running = signalFor('haarlem');
    const second = await own.call('kennemerland.politie', 'POST', '/signals', { body: running });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    runningIntake = ken.executionArn('intake', second.body.caseId);
    await ken.waitForTask('politie', second.body.caseId, 'weighing-contribution');
    for (const body of [failing, running]) secrets.push(body.subject.name, body.subject.bsn, body.subject.birthDate, body.reason, body.reporter.name, body.reporter.phone);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  });

  const monitor = () => own.twin().endpoints.monitor;
  const leaks = async () => {
    const text = await page.content();
    return secrets.filter((secret) => text.includes(secret));
  };

  it('the overview lists the running and the failed execution, without personal data', async () => {
    await page.goto(monitor());
    const runningRow = page.locator('tr', { hasText: runningIntake.split(':').pop()! });
    await expect(runningRow.locator('.RUNNING').isVisible()).resolves.toBe(true);
    await expect(runningRow.textContent()).resolves.toContain('ContributionPolice');
    const failedRow = page.locator('tr', { hasText: failedIntake.split(':').pop()! });
    await expect(failedRow.locator('.FAILED').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true });
    expect(await leaks()).toEqual([]);
  });

  it('a failed execution draws its graph with the failed step in red', async () => {
    await page.goto(`${monitor()}/execution?arn=${encodeURIComponent(failedIntake)}`);
    const graph = page.locator('.graph svg');
    await expect(graph.isVisible()).resolves.toBe(true);
    const failedStep = page.locator('[id="state:RecordWeighing"]');
    await expect(failedStep.getAttribute('class')).resolves.toContain('failed');
    await expect(page.locator('[id="state:FlagNeedsAttention"]').getAttribute('class')).resolves.toContain('visited');
    await failedStep.scrollIntoViewIfNeeded();
    const shot = PNG.sync.read(await failedStep.screenshot({ path: path.join(SHOTS, 'failed-step.png') }));
    expect(pixelsNear(shot, RED)).toBeGreaterThan(50);
    await page.screenshot({ path: path.join(SHOTS, 'failed-execution.png'), fullPage: true });
    expect(await leaks()).toEqual([]);
  });

  it('a running execution draws the steps it waits in, in blue', async () => {
    await page.goto(`${monitor()}/execution?arn=${encodeURIComponent(runningIntake)}`);
    const waiting = page.locator('[id="state:ContributionPolice"]');
    await expect(waiting.isVisible()).resolves.toBe(true);
    await expect(waiting.getAttribute('class')).resolves.toContain('active');
    const shot = PNG.sync.read(await waiting.screenshot({ path: path.join(SHOTS, 'running-step.png') }));
    expect(pixelsNear(shot, BLUE)).toBeGreaterThan(50);
    expect(pixelsNear(shot, RED)).toBe(0);
    expect(await leaks()).toEqual([]);
  });

  it('every state machine of a region has a graph page', async () => {
    await page.goto(monitor());
    const links = (await page.locator('a', { hasText: 'graph' }).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).map((href) => new URL(href, monitor()).href);
    expect(links.length).toBeGreaterThanOrEqual(15);
    for (const link of links.filter((l) => decodeURIComponent(l).includes(':cter-kennemerland-'))) {
      await page.goto(link);
      await expect(page.locator('.graph svg').isVisible()).resolves.toBe(true);
    }
  });

  it("the region's work process page shows each phase's steps and diagrams", async () => {
    await page.goto(monitor());
    await page.locator('a', { hasText: 'work process' }).first().click();
    await expect(page.locator('h1').textContent()).resolves.toContain('The CTER work process');
    await expect(page.locator('td', { hasText: 'TriangleDecision' }).first().isVisible()).resolves.toBe(true);
    expect(await page.locator('.graph svg').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: path.join(SHOTS, 'work-process.png'), fullPage: true });
  });
});
