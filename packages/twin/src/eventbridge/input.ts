// What a target receives: the event, or the target's Input / InputPath / InputTransformer applied to
// it, with EventBridge's placeholder rules (quoted placeholders insert raw text, bare ones JSON).
import { selectPath } from '../json-path';
import type { EventEnvelope, RuleSpec, TargetSpec } from './types';

/** The payload for `target` (checked in the order EventBridge documents them: Input, InputPath, InputTransformer). */
export function targetPayload(target: TargetSpec, event: EventEnvelope, rule: Pick<RuleSpec, 'name' | 'arn'>): unknown {
  if (target.input !== undefined) return parseOrText(target.input);
  if (target.inputPath !== undefined) return selectPath(event, target.inputPath) ?? null;
  if (target.inputTransformer) return transform(target.inputTransformer.inputTemplate, target.inputTransformer.inputPathsMap ?? {}, event, rule);
  return event;
}

function transform(template: string, pathsMap: Record<string, string>, event: EventEnvelope, rule: Pick<RuleSpec, 'name' | 'arn'>): unknown {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(pathsMap)) values.set(name, selectPath(event, path));
  values.set('aws.events.rule-arn', rule.arn);
  values.set('aws.events.rule-name', rule.name);
  values.set('aws.events.event.ingestion-time', event.time);
  values.set('aws.events.event', event);
  values.set('aws.events.event.json', event);

  const trimmed = template.trim();
  const json = trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"');
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (json && c === '\\' && inString) {
      out += c + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (json && c === '"') inString = !inString;
    if (c === '<') {
      const end = template.indexOf('>', i);
      const name = end > i ? template.slice(i + 1, end) : '';
      if (name && values.has(name)) {
        out += render(values.get(name), json ? (inString ? 'json-string' : 'json') : 'text');
        i = end;
        continue;
      }
    }
    out += c;
  }
  // A JSON template yields a JSON payload; plain text travels as a string, as EventBridge sends it.
  return json ? parseOrText(out) : out;
}

function render(value: unknown, context: 'json' | 'json-string' | 'text'): string {
  switch (context) {
    case 'json':
      return value === undefined ? 'null' : JSON.stringify(value);
    case 'json-string': {
      if (value === undefined) return '';
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return JSON.stringify(text).slice(1, -1);
    }
    case 'text':
      return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
