// `pnpm check-links` (part of `pnpm test`): every relative link and heading link of the Markdown
// resolves, and so does every link to this repository's files on GitHub, which is how the packages'
// READMEs link (npm does not resolve relative links); offline.
export default {
  plugins: [
    ["remark-validate-links", { repository: "https://github.com/dlf-release/dlf-release" }],
  ],
};
