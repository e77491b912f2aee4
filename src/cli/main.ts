/** Entry of the `storytime` CLI, as scripts/storytime.sh starts it (bundled, like the app). */
import { dispatch } from './dispatch';

void dispatch(process.argv.slice(2), process).then((code) => {
  process.exitCode = code;
});
