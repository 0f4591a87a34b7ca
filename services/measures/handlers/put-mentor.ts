// PUT /measures/mentors/{mentorId}: the ONE-on-ONE organisation keeps its region's mentor pool:
// capacity, languages and gender for matching. No names: the organisation keeps who the mentor is.
import { assertRouteAllowed } from '@cter/access';
import { httpRoute } from '@cter/http';
import { MentorPoolRequest } from '@cter/measures-domain/contract/mentor-pool';
import { MentorPath } from '@cter/measures-domain/contract/paths';
import { measures, region } from '../adapters/environment';
import { assertNotMentor } from './mentor-caller';

export const handler = httpRoute({
  route: 'PUT /measures/mentors/{mentorId}',
  path: MentorPath,
  body: MentorPoolRequest,
  handle: async (request) => {
    const { caller, path, body } = request;
    assertRouteAllowed(caller, request.route);
    await assertNotMentor(caller);
    const mentor = await measures.putMentor({ mentorId: path.mentorId, regionId: region.id, ...body });
    return { status: 200, body: mentor };
  },
});
