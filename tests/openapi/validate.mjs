// Validates an OpenAPI document (file path argument) against the OpenAPI 3.0 schema and checks
// that every $ref resolves. Exit 0 when valid.
import SwaggerParser from "@apidevtools/swagger-parser";
import { readFileSync } from "node:fs";

const file = process.argv[2];
const doc = JSON.parse(readFileSync(file, "utf8"));
try {
  const api = await SwaggerParser.validate(doc);
  const operations = Object.values(api.paths).reduce((n, p) => n + Object.keys(p).length, 0);
  console.log(`valid OpenAPI ${api.openapi}: ${Object.keys(api.paths).length} paths, ${operations} operations`);
} catch (err) {
  console.error(`invalid OpenAPI document ${file}: ${err.message}`);
  process.exit(1);
}
