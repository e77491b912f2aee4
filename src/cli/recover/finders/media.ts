/** The MediaConvert queue, by name (unique in an account's region). */
import { GetQueueCommand, ListTagsForResourceCommand } from '@aws-sdk/client-mediaconvert';
import { gotten, ownedBy, type Finder } from './context';

const queue = gotten(
  ['name'],
  async ({ name }, resource, context) => {
    const mediaconvert = context.clients(resource.region).mediaconvert;
    const arn = (await mediaconvert.send(new GetQueueCommand({ Name: name }))).Queue?.Arn;
    const tags = (await mediaconvert.send(new ListTagsForResourceCommand({ Arn: arn }))).ResourceTags?.Tags ?? {};
    if (!ownedBy(tags, context.tags, false)) {
      throw new Error(`MediaConvert queue ${name} is tagged for ${tags.Project}/${tags.Environment}, not this stack: not adopted`);
    }
    return { id: name, attributes: { id: name, name, arn } };
  },
  ['NotFoundException'],
);

export const MEDIA_FINDERS: Readonly<Record<string, Finder>> = { aws_media_convert_queue: queue };
