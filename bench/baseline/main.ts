// Entry of the baseline app, at the root as `cdktf init` lays it out; bench/baseline.ts
// copies the product's src/, stacks/ and modules/ beside it, with barrel imports.
import './src/main';
