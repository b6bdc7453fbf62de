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

/** The model `models` holds for `tree`, built by `build` the first time. */
function cached<M>(models: WeakMap<Tree, M>, tree: Tree, build: () => M): M {
  let model = models.get(tree);
  if (!model) models.set(tree, (model = build()));
  return model;
}

export function cModelOf(path: string, text: string, tree: Tree): CModel {
  return cached(cModels, tree, () => new CModel({ path, text }, tree, EMPTY_CONTEXT));
}

export function jsModelOf(path: string, text: string, tree: Tree): JsModel {
  return cached(jsModels, tree, () => buildModel({ path, text }, tree, EMPTY_CONTEXT));
}

export function pythonModelOf(path: string, text: string, tree: Tree): PyModel {
  return cached(pythonModels, tree, () => buildPythonModel({ path, text }, tree));
}
