// graphql-codegen for plangate: the `client` preset, which writes each input, enum and
// operation type once (gen/graphql.ts). Documents as strings (`documentMode: 'string'`), so
// the client needs nothing but `fetch`.
//
// Not the older plugin set `typescript` + `typescript-operations` + `typed-document-node`:
// since typescript-operations 6 writes the input and enum types an operation uses itself, the
// `typescript` plugin's copies of them collide (tsc: "Duplicate identifier"). With that set,
// leave out `typescript` (`plugins: ['typescript-operations', 'typed-document-node']`).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../../schema.graphql',
  // ES modules under Node: relative imports with their .js extension.
  emitLegacyCommonJSImports: false,
  documents: ['src/**/*.graphql'],
  generates: {
    'src/gen/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        // Stigg's custom scalars as they travel in JSON.
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
      },
    },
  },
};
export default config;
