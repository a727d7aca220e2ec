// What the API's published schema (GET /openapi.json) says a request may hold. The limits and the
// choices are the engine's; the app's request schemas state them (maxItems, minimum/maximum, enums);
// the page's forms read them here rather than keeping copies that drift. Pure: no DOM, no fetch.

/** The JSON schema at `path` inside components.schemas[model]: each step a property name, or '[]' for
 *  an array's items. A $ref is followed, and of a field that may be null (anyOf [..., {type: 'null'}])
 *  the other branch is taken. null when the document does not have it. */
export function schemaAt(openapi, model, ...path) {
  const schemas = openapi?.components?.schemas;
  const resolve = (node) => {
    if (typeof node?.$ref === 'string') node = schemas?.[node.$ref.split('/').pop()];
    if (Array.isArray(node?.anyOf)) return resolve(node.anyOf.find((branch) => branch?.type !== 'null'));
    return node && typeof node === 'object' ? node : null;
  };
  let node = resolve(schemas?.[model]);
  for (const step of path) node = resolve(step === '[]' ? node?.items : node?.properties?.[step]);
  return node;
}

/** {key: read(the schema at path)} for each {key: path} of `paths` inside components.schemas[model]
 *  (schemaAt): how a form reads the choices (read = choicesOf) or the bounds (read = rangeOf) of the
 *  fields it has. */
export function readPaths(openapi, model, paths, read) {
  return Object.fromEntries(Object.entries(paths).map(([key, path]) => [key, read(schemaAt(openapi, model, ...path))]));
}

/** [lo, hi, ends] of a number's schema, ends '[]', '[)', '(]' or '()': a bracket includes its bound,
 *  a parenthesis excludes it (exclusiveMinimum / exclusiveMaximum). null unless both ends are stated. */
export function rangeOf(schema) {
  const open = (key) => Number.isFinite(schema?.[`exclusive${key}`]);
  const lo = open('Minimum') ? schema.exclusiveMinimum : schema?.minimum;
  const hi = open('Maximum') ? schema.exclusiveMaximum : schema?.maximum;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  return [lo, hi, `${open('Minimum') ? '(' : '['}${open('Maximum') ? ')' : ']'}`];
}

/** The values an enum of strings allows, in the schema's order; null when the schema has none. */
export function choicesOf(schema) {
  const values = schema?.enum;
  return Array.isArray(values) && values.length && values.every((v) => typeof v === 'string') ? [...values] : null;
}

/** The most layers a network may have (the request's `layers` maxItems, which is the engine's
 *  MAX_LAYERS); null when the schema does not say. */
export function layerLimit(openapi, model = 'NetworkRequest') {
  const most = schemaAt(openapi, model, 'layers')?.maxItems;
  return Number.isInteger(most) && most >= 1 ? most : null;
}

/** A table the API states beside a schema as an OpenAPI specification extension (an `x-` field, for
 *  engine tables JSON Schema has no keyword for, e.g. the output activation each loss goes with):
 *  the object, or null when the schema has none. */
export function tableOf(schema, name) {
  const table = schema?.[name];
  return table && typeof table === 'object' && !Array.isArray(table) ? table : null;
}

/** {loss: the output activation it goes with}: the engine's table (netspec.LOSS_OUTPUT), stated as a
 *  request's `loss` x-output-activation (the network and training requests both state it); null when
 *  the schema does not say. */
export function outputForLoss(openapi, model = 'NetworkRequest') {
  const table = tableOf(schemaAt(openapi, model, 'loss'), 'x-output-activation');
  return table && Object.values(table).every((activation) => typeof activation === 'string') ? table : null;
}

/** Each optimiser's settings and their defaults, {sgd: {lr}, momentum: {lr, momentum}, adam: {lr, beta1,
 *  beta2, eps}}: the engine's (optim.DEFAULTS, = PyTorch's), stated by the training request's Optimizer
 *  schema as `x-defaults`; null when the schema does not say. */
export function optimizerDefaults(openapi, model = 'TrainRequest') {
  const table = tableOf(schemaAt(openapi, model, 'optimizer'), 'x-defaults');
  const valid = table && Object.values(table).every((settings) => settings && typeof settings === 'object'
    && Object.values(settings).every(Number.isFinite));
  return valid ? table : null;
}
