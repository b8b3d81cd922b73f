// Validate a Teams manifest against Microsoft's own JSON schema for its manifestVersion, as
// bundled in the npm package @microsoft/app-manifest (no network). Prints the problems as JSON.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { ManifestUtil } = require("@microsoft/app-manifest");
const manifest = JSON.parse(readFileSync(process.argv[2], "utf8"));
const root = path.dirname(require.resolve("@microsoft/app-manifest/package.json"));
const schemaFile = path.join(root, "build", "json-schemas", "teams", `v${manifest.manifestVersion}`, "MicrosoftTeams.schema.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
const problems = await ManifestUtil.validateManifestAgainstSchema(manifest, schema);
console.log(JSON.stringify({ schema: path.relative(root, schemaFile), problems }));
