// Strings of the graph renderer (static/js/explorer/graphview.js and static/js/graph/*).
export default {
  en: {
    'graph.minimap': 'Map of the whole graph; click or drag in it to move the view there',
    'graph.fitPart': 'The graph is larger than the screen at readable text size (11 px): this shows the part around the current step; the mini-map shows the rest.',
    'graph.fitMiddle': 'The graph is larger than the screen at readable text size (11 px): this shows its middle; the mini-map shows the rest.',
  },
  zh: {
    'graph.minimap': '整张计算图的缩略图；在其中点击或拖动可将视图移到该处',
    'graph.fitPart': '在可读字号（11 px）下计算图比屏幕大：这里显示当前步骤附近的部分，缩略图显示其余部分。',
    'graph.fitMiddle': '在可读字号（11 px）下计算图比屏幕大：这里显示它的中部，缩略图显示其余部分。',
  },
};
