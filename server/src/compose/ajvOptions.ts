// Ajv's options for the Compose schema, in a module of their own: `scripts/build.mjs` reads them to generate the
// validator the bundles carry, and `schema.ts` compiles with them where no generated one is bundled (the tests).
// All errors, with the value and the schema object each is about (the messages are ours); the schema's
// `$schema` names draft-07 by an address Ajv does not know, so the schema itself is not validated. Each `$ref`
// is one function rather than its code copied at every use: the generated validator is a quarter smaller, its
// errors the same, in the same order.
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, validateSchema: false, messages: false, inlineRefs: false, code: { optimize: false } };
