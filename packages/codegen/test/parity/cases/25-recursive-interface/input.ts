export interface TreeNode {
  value: string;
  children: TreeNode[];
  parent?: TreeNode;
}

/** Counts the nodes of a tree. */
export function countNodes(root: TreeNode): number {
  return 1 + root.children.reduce((sum, child) => sum + countNodes(child), 0);
}
