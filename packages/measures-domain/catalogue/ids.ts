// Catalogue ids that rules in code refer to; kept apart from the catalogue data, so a module that
// only needs an id does not load (and validate) the whole catalogue.

/** The catalogue id of the ONE-on-ONE mentoring trajectory, which the mentor rules refer to. */
export const ONE_ON_ONE_MEASURE_ID = 'one-on-one-mentoring';
