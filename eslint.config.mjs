// ESLint: typescript-eslint's strict, type-checked rules over every TypeScript source. Rules turned off say
// why in one line; everything else holds, so an eslint-disable comment in the code is a decision, not noise.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      '.engines/**',
      '.data/**',
      '**/generated/**',
      'supergraph.graphql',
      'web/dist/**',
      'web/dist-server/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Template literals build log lines and GraphQL documents from numbers and dates on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // `_`-prefixed names mark parameters and destructured fields left out on purpose (resolver signatures, omitting secrets).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Non-null assertions state invariants the type system cannot see (a row just written, a checked argument).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // GraphQL resolvers are async by contract even when a branch returns at once.
      '@typescript-eslint/require-await': 'off',
      // Errors raised by libraries (pg, Prisma, kafkajs) are inspected by their fields, not by class.
      '@typescript-eslint/only-throw-error': 'off',
      // Generated Prisma and codegen types widen many fields; these checks would flag correct defensive code everywhere.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Empty callbacks (`() => undefined`) deliberately swallow best-effort cleanup failures.
      '@typescript-eslint/no-empty-function': 'off',
      // Arrow shorthands returning a void call (`(r) => resolve(r)`) are the house style in 30 files (91 places).
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // `.catch((error) => …)` callbacks narrow their error where they use it; annotating 21 callbacks adds nothing.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
      // `void promise` marks a deliberately unawaited call, also where the type already is void.
      '@typescript-eslint/no-meaningless-void-operator': 'off',
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', '**/*.test.ts'],
    rules: {
      // Tests read GraphQL answers as untyped JSON and assert on their shape; typing each answer adds nothing a failing expect does not say.
      // Unit tests next to the code match with jest's asymmetric matchers (expect.any, objectContaining), which jest types as any.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // The same untyped JSON by name: helpers default answers to Record<string, any>, manifests are read loosely.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['web/src/pages/admin/**/*.tsx'],
    ignores: ['web/src/pages/admin/AdminTable.tsx'],
    rules: {
      // The console's tables share one shape (label or caption, column headers, a row saying what an empty table means).
      'no-restricted-syntax': ['error', { selector: "JSXOpeningElement[name.name='table']", message: 'Use AdminTable (web/src/pages/admin/AdminTable.tsx).' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
);
