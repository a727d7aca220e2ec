// Strings shared by the whole page (header, tabs).
export default {
  en: {
    'app.title': 'Backprop Explorer',
    'app.views': 'Views',
    'app.tab.explorer': 'Explorer',
    'app.tab.training': 'Training',
    'app.tab.practice': 'Practice',
  },
  zh: {
    'app.title': '反向传播探索器',
    'app.views': '视图',
    'app.tab.explorer': '探索',
    'app.tab.training': '训练',
    'app.tab.practice': '练习',
  },
};
