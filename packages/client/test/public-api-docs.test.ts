import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const INDEX = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const ADMIN_INDEX = fileURLToPath(new URL('../src/admin/index.ts', import.meta.url));

/** Every export of an entry point with its TSDoc: [name, has a comment, has an @example]. */
function exportedDocs(entry: string): {
  name: string;
  documented: boolean;
  example: boolean;
  undocumentedMembers: string[];
}[] {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (source === undefined) throw new Error(`${entry} not found`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error('index.ts is not a module');
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.getDeclarations() ?? [];
    const docs = declarations.flatMap((declaration) => ts.getJSDocCommentsAndTags(declaration));
    const text = docs.map((doc) => doc.getText()).join('\n');
    const undocumentedMembers: string[] = [];
    for (const declaration of declarations) {
      if (!ts.isInterfaceDeclaration(declaration) && !ts.isClassDeclaration(declaration)) continue;
      for (const member of declaration.members) {
        if (ts.isConstructorDeclaration(member) || member.name === undefined) continue;
        if (ts.isPrivateIdentifier(member.name)) continue;
        const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
        if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) continue;
        if (ts.getJSDocCommentsAndTags(member).length === 0) {
          undocumentedMembers.push(`${exported.name}.${member.name.getText()}`);
        }
      }
    }
    return {
      name: exported.name,
      documented: text.trim() !== '',
      example: /@example/.test(text),
      undocumentedMembers,
    };
  });
}

describe.each([
  ['@packgate/client', INDEX, 80, 'createTokenProvider'],
  ['@packgate/client/admin', ADMIN_INDEX, 30, 'createAdminClient'],
])('%s public API documentation (STYLE: TSDoc with an example)', (_, entry, count, known) => {
  const exports = exportedDocs(entry);

  it('finds the package exports', () => {
    expect(exports.length).toBeGreaterThan(count);
    expect(exports.map((e) => e.name)).toContain(known);
  });

  it('every export has a TSDoc comment', () => {
    expect(exports.filter((e) => !e.documented).map((e) => e.name)).toEqual([]);
  });

  it('every public member of an exported interface or class has a TSDoc comment', () => {
    expect(exports.flatMap((e) => e.undocumentedMembers)).toEqual([]);
  });

  it('every exported function and class has an @example', () => {
    const program = exports.filter((e) =>
      /^[a-z]|Error$|^(TokenProvider|UserSession|SingleFlight|MemoryTokenCache)$/.test(e.name),
    );
    expect(program.filter((e) => !e.example).map((e) => e.name)).toEqual([]);
  });
});
