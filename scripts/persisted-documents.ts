/**
 * `npm run documents`: extracts every GraphQL operation the web app sends and writes the trusted-documents
 * manifest (`web/src/generated/persisted-documents.json`, SHA-256 of the exact text → text, the format of
 * GraphQL Code Generator's persisted documents). The web app sends those ids instead of documents; the
 * gateway loads the same file, answers the ids without parsing them again, and in trusted-only mode refuses
 * anything else. A test fails when the committed manifest is stale.
 *
 * The app writes its operations as template strings built from shared selections (`${TITLE_CARD_FIELDS}`),
 * so they are read with TypeScript's checker: every string or template in web/src whose text starts with an
 * operation keyword is evaluated, following constants across imports. A document built any other way stops
 * the extraction, rather than leaving an operation the trusted-only gateway would refuse.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'graphql';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const WEB = resolve(ROOT, 'web');
export const MANIFEST_PATH = resolve(WEB, 'src', 'generated', 'persisted-documents.json');

const OPERATION = /^\s*(query|mutation|subscription)[\s({]/;

/** The id the web app sends and the gateway looks up: SHA-256 of the document exactly as sent. */
export const documentId = (text: string) => createHash('sha256').update(text).digest('hex');

function webProgram() {
  const configPath = resolve(WEB, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (path) => readFileSync(path, 'utf8'));
  const parsed = ts.parseJsonConfigFileContent(read.config as object, ts.sys, WEB);
  return ts.createProgram(parsed.fileNames, parsed.options);
}

/** The string a literal, template or constant evaluates to; undefined when it is not known before run time. */
function evaluate(node: ts.Expression, checker: ts.TypeChecker, seen = new Set<ts.Node>()): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return evaluate(node.expression, checker, seen);
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const part = evaluate(span.expression, checker, seen);
      if (part === undefined) return undefined;
      text += part + span.literal.text;
    }
    return text;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = evaluate(node.left, checker, seen);
    const right = evaluate(node.right, checker, seen);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (ts.isIdentifier(node)) {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || seen.has(declaration)) return undefined;
    if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
    return evaluate(declaration.initializer, checker, new Set(seen).add(declaration));
  }
  return undefined;
}

/** Every operation in web/src, in source order, each once. */
export function extractWebDocuments(): string[] {
  const program = webProgram();
  const checker = program.getTypeChecker();
  const documents = new Set<string>();
  const problems: string[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !file.fileName.startsWith(resolve(WEB, 'src'))) continue;
    const visit = (node: ts.Node) => {
      const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : ts.isTemplateExpression(node) ? node.head.text : null;
      if (literal !== null && OPERATION.test(literal)) {
        const where = `${file.fileName.slice(ROOT.length + 1)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const text = evaluate(node as ts.Expression, checker);
        if (text === undefined) problems.push(`${where}: an operation built at run time; build it from constants`);
        else {
          try {
            parse(text);
            documents.add(text);
          } catch (error) {
            problems.push(`${where}: ${(error as Error).message}`);
          }
        }
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  if (problems.length > 0) throw new Error(`cannot extract the web app's operations:\n${problems.join('\n')}`);
  return [...documents];
}

/** The manifest's text: ids in a stable order, so regenerating an unchanged app changes nothing. */
export function manifestText(documents: string[]): string {
  const entries = documents.map((text) => [documentId(text), text] as const).sort(([a], [b]) => a.localeCompare(b));
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

if (require.main === module) {
  const documents = extractWebDocuments();
  writeFileSync(MANIFEST_PATH, manifestText(documents));
  console.log(`${documents.length} operations → ${MANIFEST_PATH.slice(ROOT.length + 1)}`);
}
