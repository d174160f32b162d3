/**
 * Validates a CBAM quarterly report against the EU schema (../shared/data/cbam: QReport 23.00,
 * which includes stypes.xsd) with libxml2 compiled to WebAssembly (xmllint-wasm): no system
 * xmllint, no network. Errors are libxml2's messages (they name the element).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';

/** ../shared beside the repository (the work tree and CI clones alike). */
const CBAM_DIR = resolve(import.meta.dirname, '../../../shared/data/cbam');
const QREPORT_XSD = readFileSync(resolve(CBAM_DIR, 'QReport_ver23.00.xsd'), 'utf8');
const STYPES_XSD = readFileSync(resolve(CBAM_DIR, 'stypes.xsd'), 'utf8');

export async function validateQReport(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: { fileName: 'qreport.xml', contents: xml },
    schema: { fileName: 'QReport_ver23.00.xsd', contents: QREPORT_XSD },
    preload: [{ fileName: 'stypes.xsd', contents: STYPES_XSD }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
