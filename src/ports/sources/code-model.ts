// The analyzer's per-file model of a parsed C/C++, JS/TS or Python file, built once per tree: discovery
// reads ports and socket paths from the same tree, and both are queries over this one model.
import type { Tree } from 'web-tree-sitter';
import { CModel } from '../../analysis/c/model';
import { EMPTY_CONTEXT } from '../../analysis/context';
import { type JsModel, buildModel } from '../../analysis/js/model';
import { type PyModel, buildModel as buildPythonModel } from '../../analysis/python/model';

const cModels = new WeakMap<Tree, CModel>();
const jsModels = new WeakMap<Tree, JsModel>();
const pythonModels = new WeakMap<Tree, PyModel>();

export function cModelOf(path: string, text: string, tree: Tree): CModel {
  let model = cModels.get(tree);
  if (!model) cModels.set(tree, (model = new CModel({ path, text }, tree, EMPTY_CONTEXT)));
  return model;
}

export function jsModelOf(path: string, text: string, tree: Tree): JsModel {
  let model = jsModels.get(tree);
  if (!model) jsModels.set(tree, (model = buildModel({ path, text }, tree, EMPTY_CONTEXT)));
  return model;
}

export function pythonModelOf(path: string, text: string, tree: Tree): PyModel {
  let model = pythonModels.get(tree);
  if (!model) pythonModels.set(tree, (model = buildPythonModel({ path, text }, tree)));
  return model;
}
