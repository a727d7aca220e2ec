// Strings of the graph renderer (static/js/explorer/graphview.js and static/js/graph/*).
export default {
  en: {
    'graph.minimap': 'Map of the whole graph; click or drag in it to move the view there',
  },
  zh: {
    'graph.minimap': '整张计算图的缩略图；在其中点击或拖动可将视图移到该处',
  },
};
