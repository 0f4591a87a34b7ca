// PUT /measures/mentors/{mentorId}: the ONE-on-ONE organisation keeps its region's mentor pool:
// capacity, languages and gender for matching. No names: the organisation keeps who the mentor is.
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/measures';
import { region } from '../adapters/environment';
import * as measures from '../adapters/measures-repository';
import { assertNotMentor } from './mentor-caller';

export const handler = httpRoute(routes.putMentor, {
  handle: async (request) => {
    const { caller, path, body } = request;
    await assertNotMentor(caller);
    const mentor = await measures.putMentor({ mentorId: path.mentorId, regionId: region.id, ...body });
    return { status: 200, body: mentor };
  },
});
