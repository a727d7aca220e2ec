// Strings shared by the whole page (header, tabs). They live in first_paint/app.json: the server renders
// the header in the page's language from it (templates/index.html), so it does not change as scripts run.
import strings from './first_paint/app.json' with { type: 'json' };

export default strings;
