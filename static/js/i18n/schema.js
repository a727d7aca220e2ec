// What the forms say while they wait for the API's schema (static/js/schema_wait.js).
export default {
  en: {
    'schema.loading': 'Loading the form’s choices from the server…',
    'schema.failed': 'The server did not send the form’s choices and limits ({reason}). Check that it is running and the connection works, then try again.',
    'schema.retry': 'Try again',
  },
  zh: {
    'schema.loading': '正在从服务器加载表单的选项……',
    'schema.failed': '服务器没有发来表单的选项和范围（{reason}）。请确认服务器在运行、网络连接正常，然后重试。',
    'schema.retry': '重试',
  },
};
