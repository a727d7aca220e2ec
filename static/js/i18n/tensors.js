// Strings of the tensor features (issue 12): the network form's resizing of weights, the stale graph
// label, the update view's optimiser step, the layer ↔ scalar link. Textbook vocabulary (SLP §6.6).
export default {
  en: {
    'tensors.resized': 'The layers changed: the weights that still fit are kept; {count} new entries are drawn with {init} initialisation, seed {seed} (change them under Random initialisation).',
    'tensors.newEntries': 'New entries (after a layer change) are drawn with this initialisation and seed.',
    'tensors.stale': 'Stale: this graph is of the previous network. {reason}',
    'tensors.staleFix': 'Fix the field marked in the form.',
    'tensors.step.title': 'The optimiser step for each parameter',
    'tensors.step.l2': 'g includes the L2 term λθ (λ = {l2}) for the weights W; biases are not decayed.',
    'tensors.step.tooLarge': '{name} ({shape}) has {count} entries, too many to write out here: the table below lists each one.',
    'tensors.first': 'First update',
    'tensors.latest': 'Latest update',
    'tensors.epoch': 'Epoch',
    'tensors.batch': 'Mini-batch',
    'tensors.go': 'Show',
    'tensors.linked': 'Selected {name} = {value}, ∂L/∂{name} = {grad}; switch view to see it there.',
  },
  zh: {
    'tensors.resized': '层已改变：仍然合适的权重被保留；{count} 个新元素按 {init} 初始化、种子 {seed} 生成（可在“随机初始化”下修改）。',
    'tensors.newEntries': '层改变后新增的元素用此初始化方法和种子生成。',
    'tensors.stale': '已过时：此图属于之前的网络。{reason}',
    'tensors.staleFix': '请修改表单中标出的字段。',
    'tensors.step.title': '每个参数的优化器更新',
    'tensors.step.l2': 'g 包含权重 W 的 L2 项 λθ（λ = {l2}）；偏置不衰减。',
    'tensors.step.tooLarge': '{name}（{shape}）有 {count} 个元素，太多无法在此写出：下表逐个列出。',
    'tensors.first': '第一次更新',
    'tensors.latest': '最近一次更新',
    'tensors.epoch': '轮次',
    'tensors.batch': '小批量',
    'tensors.go': '显示',
    'tensors.linked': '已选 {name} = {value}，∂L/∂{name} = {grad}；切换视图即可在另一视图中看到它。',
  },
};
