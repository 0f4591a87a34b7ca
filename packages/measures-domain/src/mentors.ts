// ONE-on-ONE mentors and the matching of a young person to one: same region, a free place,
// optional preferences. The match says why, and "no place" is a named error the programme can act on.
import type { RegionId } from '@cter/config';
import { byCodeUnits, DomainError, ValidationFailed } from '@cter/domain';
import { ONE_ON_ONE_MEASURE_ID } from '../catalogue/ids';
import { catalogueMeasure, CURRENT_RULES } from '../catalogue/published';
import type { CatalogueRules } from '../catalogue/schema';
import type { TargetGroup } from '../catalogue/target-groups';
import type { MENTOR_GENDERS } from './contract/mentor-attributes';
import { targetGroupFit } from './target-fit';

type MentorGender = (typeof MENTOR_GENDERS)[number];

/**
 * A trained ONE-on-ONE mentor of a region's pool, as the pool route validated it (MentorPoolRequest)
 * and the store keeps it: no name.
 */
export interface Mentor {
  mentorId: string;
  regionId: RegionId;
  /** How many young people the mentor can guide at once (0 to 10). */
  capacity: number;
  activeMentees: number;
  /** ISO 639 codes, at least one. */
  languages: string[];
  gender: MentorGender;
}

/** A request to match a young person to a mentor: the region, the plan's target groups, the route's preferences. */
export interface MatchRequest {
  regionId: RegionId;
  targetGroups: readonly TargetGroup[];
  /** Wishes of the young person; honoured when a mentor with a free place meets them. */
  preferences?: { language?: string; mentorGender?: MentorGender };
}

export interface MentorMatch {
  mentorId: string;
  reasons: string[];
  unmetPreferences: string[];
  freePlacesBefore: number;
}

/** No mentor in the region has a free place: the programme must add capacity or keep a waiting list. */
export class NoMentorCapacity extends DomainError {
  readonly status = 409;
  readonly code = 'NoMentorCapacity';
  constructor(regionId: string, mentorsInRegion: number) {
    super(
      mentorsInRegion === 0
        ? `there is no ONE-on-ONE mentor in region ${regionId}`
        : `all ${mentorsInRegion} ONE-on-ONE mentors in region ${regionId} are at capacity; add capacity or place the young person on the waiting list`,
    );
  }
}

export function freePlaces(mentor: Mentor): number {
  return Math.max(0, mentor.capacity - mentor.activeMentees);
}

/**
 * Preferences are soft: a match that meets more of them wins, but a young person is not left
 * without a mentor because no one meets them. Ties go to the mentor with most free places
 * (spreads the load), then to the lowest id (stable).
 */
export function matchMentor(req: MatchRequest, pool: readonly Mentor[], catalogue: CatalogueRules = CURRENT_RULES): MentorMatch {
  const fit = targetGroupFit(catalogueMeasure(catalogue, ONE_ON_ONE_MEASURE_ID), req.targetGroups);
  if (!fit.fits) throw new ValidationFailed(`ONE-on-ONE does not fit: ${fit.reason}`, [{ path: 'targetGroups', message: fit.reason }]);

  const inRegion = pool.filter((m) => m.regionId === req.regionId);
  const available = inRegion.filter((m) => freePlaces(m) > 0);
  if (available.length === 0) throw new NoMentorCapacity(req.regionId, inRegion.length);

  const { language, mentorGender } = req.preferences ?? {};
  const rated = available.map((mentor) => {
    const met: string[] = [];
    const unmet: string[] = [];
    if (language) (mentor.languages.includes(language) ? met : unmet).push(`language ${language}`);
    if (mentorGender) (mentor.gender === mentorGender ? met : unmet).push(`mentor gender ${mentorGender}`);
    return { mentor, met, unmet };
  });
  rated.sort(
    (a, b) =>
      b.met.length - a.met.length ||
      freePlaces(b.mentor) - freePlaces(a.mentor) ||
      byCodeUnits(a.mentor.mentorId, b.mentor.mentorId),
  );
  const best = rated[0]!;
  const places = freePlaces(best.mentor);
  return {
    mentorId: best.mentor.mentorId,
    reasons: [
      `same region ${req.regionId}`,
      `has capacity: ${places} of ${best.mentor.capacity} places free`,
      ...best.met.map((p) => `meets preference ${p}`),
    ],
    unmetPreferences: best.unmet,
    freePlacesBefore: places,
  };
}
