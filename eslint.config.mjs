// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'eslint.config.mjs', 'src/metadata.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The Swagger CLI plugin types DTO properties from their declared types; it cannot emit an inline
    // object literal (`Array<{ id: number }>`), and `nest build` output then dies at start-up with a
    // "circular dependency" error (issue 11). Nested shapes are named classes.
    files: ['src/**/*.dto.ts', 'src/**/*.entity.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'PropertyDefinition > TSTypeAnnotation TSTypeLiteral',
          message:
            'DTO and entity properties need a type the Swagger plugin can emit: declare the nested shape as a named class.',
        },
        {
          selector: 'PropertyDefinition > TSTypeAnnotation TSMappedType',
          message:
            'DTO and entity properties need a type the Swagger plugin can emit: declare the nested shape as a named class.',
        },
        {
          // src/metadata.ts reaches a class through its module's exports only.
          selector: 'Program > ClassDeclaration',
          message: 'Export every DTO and entity class: the Swagger plugin metadata reaches only exported classes.',
        },
      ],
    },
  },
  {
    // A handler's declared return type becomes its documented response: a named class, not a literal.
    files: ['src/**/*.controller.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MethodDefinition > FunctionExpression > TSTypeAnnotation TSTypeLiteral',
          message: 'Declare the response as a named DTO class so the OpenAPI document can describe it.',
        },
      ],
    },
  },
  {
    files: ['src/database/cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
