// A ONE-on-ONE mentor is a person inside the mentoring organisation and sees only the measure of
// the young person matched to them, not every measure the programme owns.
import { NotAllowed } from '@cter/domain';
import { ONE_ON_ONE_MEASURE_ID } from '../catalogue/ids';
import type { Measure } from './measure';

export function mentorMaySee(mentorId: string, measure: Pick<Measure, 'catalogueId' | 'mentorId'>): boolean {
  return measure.catalogueId === ONE_ON_ONE_MEASURE_ID && measure.mentorId !== undefined && measure.mentorId === mentorId;
}

export function assertMentorMaySee(mentorId: string, measure: Pick<Measure, 'measureId' | 'catalogueId' | 'mentorId'>): void {
  if (!mentorMaySee(mentorId, measure)) throw new NotAllowed(`mentor ${mentorId} is not the mentor of measure ${measure.measureId}`);
}
