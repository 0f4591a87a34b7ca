// The positive-phrasing rule for goals: explicit rules, each refusal says which rule and why.
import { describe, expect, it } from 'vitest';
import { checkPositivePhrasing, NEGATIVE_PHRASING_RULES } from '../src/index';

describe('positive phrasing of goals', () => {
  it.each([
    'Attends school four days a week',
    'Finishes the MBO-2 course by summer',
    'Heeft een vaste woonplek in Haarlem',
    'Vindt een bijbaan en houdt die een half jaar vast',
    'Speaks with the mentor every week about the future',
    'Notices early when online contacts push towards violence', // starts with "not" only as part of a word
  ])('accepts "%s"', (goal) => {
    expect(checkPositivePhrasing(goal)).toEqual({ positive: true });
  });

  it.each([
    ['Not visiting extremist websites', 'starts-with-negation'],
    ['No longer in contact with the network', 'starts-with-negation'],
    ['Stop using drugs', 'starts-with-negation'],
    ['Geen contact met de groep', 'starts-with-negation'],
    ['Niet meer spijbelen', 'starts-with-negation'],
    ['"Never travels to Syria"', 'starts-with-negation'],
    ['Ahmed no longer skips school', 'no-longer'],
    ['Jongere heeft geen contact meer met de groep', 'no-longer'],
    ['Jongere spijbelt niet meer', 'no-longer'],
    ['Ahmed does not visit extremist forums', 'negated-verb'],
    ['Jongere stopt met blowen', 'cessation-verb'],
  ])('refuses "%s" by rule %s', (goal, ruleId) => {
    const check = checkPositivePhrasing(goal);
    expect(check).toMatchObject({ positive: false, ruleId });
    if (!check.positive) expect(check.explanation).toMatch(/phrase the goal as what the person will do or achieve/);
  });

  it('publishes every rule with an explanation', () => {
    for (const rule of NEGATIVE_PHRASING_RULES) expect(rule.explanation.length).toBeGreaterThan(20);
  });
});
