// Lint hand-written code only; generated/ is checked by the drift check and tsc instead.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["generated/**", "dist/**", "docs-api/**", "node_modules/**", "bench/.peers/**", "bench/.venv/**", "**/*.d.ts"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-template-curly-in-string": "off",
    },
  },
);
