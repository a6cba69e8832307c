// Type-aware linting so that a forgotten `await` (a floating promise) is an error:
// in an extension host an unhandled rejection is silent to the user.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test/fixtures/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // An async method that implements a Promise-returning interface (the Prompter, the
      // servers' stop()) reads better as async than as Promise.resolve() plumbing.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Tests replay VS Code commands with the arguments the API types as any[], and put thrown
    // values of unknown shape into assertion messages: both are what a test is for.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // The one UI port: questions, notifications and progress go through the Prompter, which host
    // tests replace to answer and observe them; a direct call would be invisible to them.
    files: ['src/**/*.ts'],
    ignores: ['src/ui/prompter.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.object.name='vscode'][object.property.name='window'][property.name=/^(withProgress|show(Information|Warning|Error)Message|showQuickPick|showInputBox|showOpenDialog|createQuickPick|createInputBox)$/]",
          message: 'Ask, notify and show progress through the Prompter (src/ui/prompter.ts), so host tests can answer and observe it.',
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      // src/core is the pure half: it must run in plain Node, so it may not touch the editor API.
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }] }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', fetch: 'readonly' } },
  },
);
