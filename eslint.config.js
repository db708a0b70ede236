import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const ANALYZER_RULES = ['zombie', 'rightsize', 'tidal', 'health'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      '.tools/**',
      '**/.scratch/**',
      'k8s/**',
      'helm/**',
      '**/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Layout is prettier's job (checked by `prettier --check` in the test run); eslint keeps to correctness.
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest wires providers by token; empty classes carry only decorators.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  // The analyzer's layering runs one way: runs/ uses the rules; a rule (zombie/, rightsize/, tidal/, health/) owns its
  // query and input types and uses only what is shared (estate/, candidates/, policies/, findings/), never runs/ nor
  // another rule.
  ...ANALYZER_RULES.map((rule) => ({
    files: [`services/analyzer/src/${rule}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['runs', ...ANALYZER_RULES.filter((other) => other !== rule)].map((folder) => ({
            group: [`../${folder}`, `../${folder}/*`],
            message: `a rule does not import ${folder}/: the analyzer's layering runs one way (docs/analyses.md)`,
          })),
        },
      ],
    },
  })),
  {
    files: ['**/*.spec.ts', '**/bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
