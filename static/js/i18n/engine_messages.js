// Engine messages (errors, hints, warnings) in English and Chinese, by the stable code the API sends
// beside each English message (engine/messages.py holds the English catalogue; the English here is the
// same text, checked by tests/js/test_engine_messages.mjs). The page shows the current language's
// template filled with the message's params, and the engine's own English text when the code is
// unknown or a parameter is missing, so a message is never empty or half-filled.
import { getLang } from '../i18n.js';

export const ENGINE_MESSAGES = {
  empty_expression: {
    en: "the expression is empty",
    zh: "表达式是空的",
  },
  semicolon_in_parens: {
    en: "';' inside parentheses",
    zh: "括号内出现了 ';'",
  },
  missing_operator_before_number: {
    en: "missing operator before the number {number}",
    zh: "数字 {number} 前缺少运算符",
  },
  function_without_call: {
    en: "{name} is a function: write {name}(…)",
    zh: "{name} 是函数：请写成 {name}(…)",
  },
  operator_needs_left: {
    en: "'{op}' needs a value on its left",
    zh: "'{op}' 左边需要一个值",
  },
  unmatched_close_paren: {
    en: "this ')' has no matching '('",
    zh: "这个 ')' 没有对应的 '('",
  },
  comma_outside_call: {
    en: "',' outside a function's parentheses",
    zh: "',' 出现在函数的括号之外",
  },
  misplaced_assignment: {
    en: "'=' can only follow a name at the start of a statement",
    zh: "'=' 只能跟在语句开头的名字后面",
  },
  assignment_missing_expression: {
    en: "an expression is missing after '{name} ='",
    zh: "'{name} =' 后面缺少表达式",
  },
  expression_missing: {
    en: "an expression is missing here",
    zh: "这里缺少表达式",
  },
  unclosed_paren: {
    en: "this '(' is never closed",
    zh: "这个 '(' 没有闭合",
  },
  empty_parens: {
    en: "empty parentheses",
    zh: "括号是空的",
  },
  call_needs_argument: {
    en: "{function}() needs an argument",
    zh: "{function}() 需要一个参数",
  },
  operator_needs_right: {
    en: "'{op}' is missing a value on its right",
    zh: "'{op}' 右边缺少一个值",
  },
  value_missing_here: {
    en: "a value is missing here",
    zh: "这里缺少一个值",
  },
  unexpected_character: {
    en: "unexpected character {character}",
    zh: "意外的字符 {character}",
  },
  number_too_large: {
    en: "the number {number} is too large for float64",
    zh: "数字 {number} 超出了 float64 的范围",
  },
  reserved_name: {
    en: "names may not start with '_' ({name})",
    zh: "名字不能以 '_' 开头（{name}）",
  },
  used_before_assigned: {
    en: "{name} is used before it is assigned",
    zh: "{name} 在赋值之前就被使用了",
  },
  unknown_function: {
    en: "unknown function {name}",
    zh: "未知函数 {name}",
  },
  missing_value: {
    en: "no value given for {name}",
    zh: "没有给出 {name} 的值",
  },
  wrong_argument_count: {
    en: "{function} takes {expected} arguments, got {got}",
    zh: "{function} 需要 {expected} 个参数，实际给了 {got} 个",
  },
  wrong_argument_count_one: {
    en: "{function} takes {expected} argument, got {got}",
    zh: "{function} 需要 {expected} 个参数，实际给了 {got} 个",
  },
  function_assigned: {
    en: "{name} is a function and cannot be assigned",
    zh: "{name} 是函数，不能被赋值",
  },
  value_assigned: {
    en: "{name} is given in the values and cannot be assigned",
    zh: "{name} 已在取值中给出，不能再赋值",
  },
  assigned_twice: {
    en: "{name} is assigned twice",
    zh: "{name} 被赋值了两次",
  },
  nesting_limit: {
    en: "the expression nests more than {limit} levels deep",
    zh: "表达式嵌套超过 {limit} 层",
  },
  number_literal_limit: {
    en: "number literal has {length} characters; the limit is {limit}",
    zh: "数字字面量有 {length} 个字符；上限是 {limit}",
  },
  name_length_limit: {
    en: "name is {length} characters long; the limit is {limit}",
    zh: "名字有 {length} 个字符；上限是 {limit}",
  },
  node_limit: {
    en: "the graph has more than {limit} nodes",
    zh: "计算图的节点超过 {limit} 个",
  },
  edge_limit: {
    en: "the graph has more than {limit} edges",
    zh: "计算图的边超过 {limit} 条",
  },
  tensor_size_limit: {
    en: "this operation makes a tensor of shape {shape} ({size} elements); the limit is {limit}",
    zh: "这个运算产生形状为 {shape} 的张量（{size} 个元素）；上限是 {limit}",
  },
  total_size_limit: {
    en: "the graph holds more than {limit} numbers in total",
    zh: "计算图中的数字总数超过 {limit}",
  },
  source_length_limit: {
    en: "the source has {length} characters; the limit is {limit}",
    zh: "源文本有 {length} 个字符；上限是 {limit}",
  },
  too_large_to_evaluate: {
    en: "the input is too large to evaluate ({reason})",
    zh: "输入太大，无法计算（{reason}）",
  },
  value_size_limit: {
    en: "{what} of {name} has {size} elements; the limit is {limit}",
    zh: "{name} 的{what}有 {size} 个元素；上限是 {limit}",
  },
  gradcheck_limit: {
    en: "the gradient check would run {passes} forward passes over {nodes} nodes; the limit is {limit} node evaluations",
    zh: "梯度检查需要在 {nodes} 个节点上做 {passes} 次前向传播；上限是 {limit} 次节点计算",
  },
  source_not_text: {
    en: "the source must be text, not {type}",
    zh: "源必须是文本，而不是 {type}",
  },
  values_not_object: {
    en: "values must be an object mapping names to numbers or lists",
    zh: "取值必须是把名字映射到数字或列表的对象",
  },
  value_name_not_text: {
    en: "value names must be text, got {key}",
    zh: "取值的名字必须是文本，实际是 {key}",
  },
  parameters_not_names: {
    en: "parameters must be a list of names",
    zh: "参数必须是名字的列表",
  },
  parameter_listed_twice: {
    en: "parameters names {name} twice",
    zh: "参数中 {name} 出现了两次",
  },
  parameter_without_value: {
    en: "parameters names {name}, which has no value in values",
    zh: "参数中列出了 {name}，但取值中没有它的值",
  },
  nonscalar_output: {
    en: "the output {name} has shape {shape}; backward needs a scalar output or a seed of that shape",
    zh: "输出 {name} 的形状是 {shape}；反向传播需要标量输出，或一个同形状的种子梯度",
  },
  seed_shape_mismatch: {
    en: "the seed has shape {seed_shape} but the output has shape {shape}",
    zh: "种子梯度的形状是 {seed_shape}，但输出的形状是 {shape}",
  },
  empty_list: {
    en: "{what} of {name} is an empty list",
    zh: "{name} 的{what}是空列表",
  },
  empty_row: {
    en: "{what} of {name} has an empty row",
    zh: "{name} 的{what}有一个空行",
  },
  ragged_rows: {
    en: "{what} of {name} is not rectangular: row {row} has {length} entries, row 0 has {columns}",
    zh: "{name} 的{what}不是矩形：第 {row} 行有 {length} 个元素，第 0 行有 {columns} 个",
  },
  row_not_list: {
    en: "{what} of {name} is not rectangular: row {row} is not a list",
    zh: "{name} 的{what}不是矩形：第 {row} 行不是列表",
  },
  bad_dtype: {
    en: "{what} of {name} has numpy dtype {dtype}",
    zh: "{name} 的{what}的 numpy 类型是 {dtype}",
  },
  bad_value_shape: {
    en: "{what} of {name} has shape {shape}",
    zh: "{name} 的{what}的形状是 {shape}",
  },
  non_finite_value: {
    en: "{what} of {name} contains NaN, Infinity or a number too large for float64",
    zh: "{name} 的{what}含有 NaN、Infinity 或超出 float64 范围的数",
  },
  integer_too_large: {
    en: "{what} of {name} contains an integer too large for float64",
    zh: "{name} 的{what}含有超出 float64 范围的整数",
  },
  bad_value: {
    en: "{what} of {name} contains {value}",
    zh: "{name} 的{what}含有 {value}",
  },
  class_index_range: {
    en: "ce class indices must be whole numbers from 0 to {max_class}",
    zh: "ce 的类别索引必须是 0 到 {max_class} 的整数",
  },
  shape_mismatch: {
    en: "cannot {verb} shapes {shapes}: they do not broadcast",
    zh: "无法对形状 {shapes} 做{verb}运算：它们不能广播",
  },
  needs_tensor: {
    en: "{function} needs a vector or a matrix, got a scalar",
    zh: "{function} 需要向量或矩阵，实际是标量",
  },
  matmul_scalar: {
    en: "@ needs vectors or matrices, got shapes {left} and {right}; use * to multiply by a scalar",
    zh: "@ 需要向量或矩阵，实际形状是 {left} 和 {right}；与标量相乘请用 *",
  },
  matmul_inner: {
    en: "cannot multiply shapes {left} @ {right}: inner sizes {left_size} and {right_size} differ",
    zh: "无法相乘形状 {left} @ {right}：内侧维度 {left_size} 与 {right_size} 不同",
  },
  ce_scalar: {
    en: "ce needs probabilities as a vector (one sample) or a matrix (one row per sample), got a scalar",
    zh: "ce 需要概率向量（一个样本）或矩阵（每行一个样本），实际是标量",
  },
  ce_label_shape: {
    en: "ce labels of shape {label_shape} do not fit probabilities of shape {shape}: give class indices of shape {index_shape} or targets of shape {target_shape}",
    zh: "形状为 {label_shape} 的 ce 标签与形状为 {shape} 的概率不匹配：请给形状为 {index_shape} 的类别索引，或形状为 {target_shape} 的目标",
  },
  non_finite_result: {
    en: "{op} of {args} is {result}",
    zh: "{op}({args}) 的值是 {result}",
  },
  non_finite_elements: {
    en: "{op} gave NaN or ±Infinity in {count} of {size} elements",
    zh: "{op} 在 {size} 个元素中有 {count} 个是 NaN 或 ±Infinity",
  },
  non_finite_gradient_constant: {
    en: "the gradient sent to {input} is {gradient} because the local gradient is {local}; {input} is a constant, so nothing uses this gradient",
    zh: "传给 {input} 的下游梯度是 {gradient}，因为局部梯度是 {local}；{input} 是常数，这个梯度不会被使用",
  },
  non_finite_gradient: {
    en: "the gradient sent to {input} is {gradient} because the local gradient is {local}",
    zh: "传给 {input} 的下游梯度是 {gradient}，因为局部梯度是 {local}",
  },
  not_a_dependency: {
    en: "{output} does not depend on {name}, so its gradient is 0",
    zh: "{output} 不依赖于 {name}，所以它的梯度是 0",
  },
  unused_value: {
    en: "the value given for {name} is not used",
    zh: "给出的 {name} 的值没有被使用",
  },
  unused_parameter: {
    en: "the parameter {name} is not used",
    zh: "参数 {name} 没有被使用",
  },
  hint_type_expression: {
    en: "type an expression such as c*(a+2*b)",
    zh: "输入一个表达式，例如 c*(a+2*b)",
  },
  hint_close_parens: {
    en: "close the parentheses before ending the statement",
    zh: "在结束语句前先闭合括号",
  },
  hint_write_times: {
    en: "write * between the factors",
    zh: "在因子之间写 *",
  },
  hint_function_example: {
    en: "for example {name}(x)",
    zh: "例如 {name}(x)",
  },
  hint_write_operand: {
    en: "write an operand before the operator",
    zh: "在运算符前写一个操作数",
  },
  hint_remove_paren: {
    en: "remove it or add a '(' before it",
    zh: "删除它，或在它前面加一个 '('",
  },
  hint_commas: {
    en: "commas separate a function's arguments, e.g. bce(yhat, y)",
    zh: "逗号用来分隔函数的参数，例如 bce(yhat, y)",
  },
  hint_one_assignment: {
    en: "write one assignment per line, e.g. e = a + d",
    zh: "每行写一个赋值，例如 e = a + d",
  },
  hint_write_value: {
    en: "write a value or expression",
    zh: "写一个值或表达式",
  },
  hint_add_close_paren: {
    en: "add a ')' to close it",
    zh: "加一个 ')' 来闭合它",
  },
  hint_name_intermediate: {
    en: "name intermediate results on separate lines instead",
    zh: "把中间结果分行命名",
  },
  hint_fill_parens: {
    en: "put an expression inside the parentheses",
    zh: "在括号里写一个表达式",
  },
  hint_complete_after_operator: {
    en: "complete the expression after the operator",
    zh: "补全运算符后面的表达式",
  },
  hint_complete: {
    en: "complete the expression",
    zh: "补全表达式",
  },
  hint_no_strings: {
    en: "strings are not part of the language; only numbers and names",
    zh: "语言中没有字符串；只有数字和名字",
  },
  hint_no_attributes: {
    en: "attribute access is not part of the language",
    zh: "语言中没有属性访问",
  },
  hint_give_vectors: {
    en: "give vectors and matrices as values, e.g. x=[1, 2]",
    zh: "向量和矩阵请作为取值给出，例如 x=[1, 2]",
  },
  hint_no_python: {
    en: "lambdas, slices and other Python syntax are not part of the language",
    zh: "lambda、切片等 Python 语法不属于这个语言",
  },
  hint_float_digits: {
    en: "float64 keeps 17 significant digits",
    zh: "float64 保留 17 位有效数字",
  },
  hint_float_range: {
    en: "float64 reaches about 1.8e308",
    zh: "float64 最大约为 1.8e308",
  },
  hint_shorter_name: {
    en: "use a shorter name",
    zh: "用一个更短的名字",
  },
  hint_reserved_name: {
    en: "'_' names are reserved for unnamed nodes; rename it",
    zh: "以 '_' 开头的名字保留给未命名的节点；请改名",
  },
  hint_move_assignment: {
    en: "move the line that assigns {name} above this one",
    zh: "把给 {name} 赋值的那一行移到这一行之前",
  },
  hint_did_you_mean_function: {
    en: "did you mean {suggestion}? functions: {functions}",
    zh: "你是想写 {suggestion} 吗？可用函数：{functions}",
  },
  hint_functions: {
    en: "functions: {functions}",
    zh: "可用函数：{functions}",
  },
  hint_add_value_or_mean: {
    en: "add {name} to the values, e.g. {name}=1, or did you mean {suggestion}?",
    zh: "在取值中加上 {name}，例如 {name}=1；或者你是想写 {suggestion}？",
  },
  hint_add_value: {
    en: "add {name} to the values, e.g. {name}=1",
    zh: "在取值中加上 {name}，例如 {name}=1",
  },
  hint_choose_name: {
    en: "choose another name, e.g. {name}1 or my_{name}",
    zh: "换一个名字，例如 {name}1 或 my_{name}",
  },
  hint_rename_or_remove: {
    en: "rename the assignment or remove {name} from the values",
    zh: "给赋值改名，或从取值中删去 {name}",
  },
  hint_assign_once: {
    en: "each name is assigned once; use a new name such as {name}2",
    zh: "每个名字只赋值一次；请用新名字，例如 {name}2",
  },
  hint_split: {
    en: "split the computation or use vectors and matrices instead of scalars",
    zh: "拆分计算，或用向量和矩阵代替标量",
  },
  hint_smaller_tensors: {
    en: "use smaller tensors or fewer nodes",
    zh: "用更小的张量或更少的节点",
  },
  hint_check_shapes: {
    en: "check the shapes of the operands (vectors are [n], matrices [rows, columns])",
    zh: "检查操作数的形状（向量是 [n]，矩阵是 [行, 列]）",
  },
  hint_labels: {
    en: "labels are class numbers 0, 1, …, K−1 (one per sample)",
    zh: "标签是类别编号 0, 1, …, K−1（每个样本一个）",
  },
  hint_smaller_program: {
    en: "make the program smaller",
    zh: "把程序改小一些",
  },
  hint_shorten: {
    en: "shorten the program",
    zh: "缩短程序",
  },
  hint_values_example: {
    en: "for example {\"a\": 3, \"b\": [1, 2]}",
    zh: "例如 {\"a\": 3, \"b\": [1, 2]}",
  },
  hint_parameters_example: {
    en: "for example [\"W1\", \"b1\"]",
    zh: "例如 [\"W1\", \"b1\"]",
  },
  hint_reduce_output: {
    en: "reduce it with sum(…) or mean(…), or give a seed",
    zh: "用 sum(…) 或 mean(…) 把它归约为标量，或给出种子梯度",
  },
  hint_seed_shape: {
    en: "give a seed shaped like the output",
    zh: "给出与输出同形状的种子梯度",
  },
  hint_one_number: {
    en: "give at least one number",
    zh: "至少给出一个数字",
  },
  hint_give_numbers: {
    en: "give numbers",
    zh: "请给出数字",
  },
  hint_value_shape: {
    en: "give a number, a vector or a matrix (at most {max_axes} axes, not empty)",
    zh: "给出一个数、一个向量或一个矩阵（最多 {max_axes} 个轴，不能为空）",
  },
  hint_finite: {
    en: "give finite numbers",
    zh: "请给出有限的数",
  },
  hint_list_once: {
    en: "list {name} once",
    zh: "{name} 只列一次",
  },
  hint_parameter_value: {
    en: "add a value for {name} to values, or remove it from parameters",
    zh: "在取值中给 {name} 一个值，或把它从参数中删去",
  },
  hint_rectangular: {
    en: "a matrix needs every row to have {columns} numbers; at most {max_axes} axes",
    zh: "矩阵的每一行都需要 {columns} 个数；最多 {max_axes} 个轴",
  },
  hint_number_or_list: {
    en: "give a number or a rectangular list of numbers (a vector or a matrix)",
    zh: "给出一个数，或一个矩形的数字列表（向量或矩阵）",
  },
  hint_smaller_check: {
    en: "check a smaller graph or fewer inputs",
    zh: "检查更小的计算图或更少的输入",
  },
};

/** The text of an engine message in `lang`: its template filled with params, else `english`. */
export function engineText(code, params, english, lang) {
  const entry = code ? ENGINE_MESSAGES[code] : undefined;
  const template = entry?.[lang] ?? entry?.en;
  if (!template) return english ?? '';
  let complete = true;
  const text = template.replace(/\{(\w+)\}/g, (m, name) => {
    const value = params?.[name];
    if (value === undefined || value === null) { complete = false; return m; }
    return String(value);
  });
  return complete ? text : (english ?? text);
}

/** An error detail's message in the current language (`lang` for tests). */
export const errorMessage = (detail, lang = getLang()) => engineText(detail?.code, detail?.params, detail?.message, lang);

/** An error detail's hint in the current language, or '' when it has none. */
export const errorHint = (detail, lang = getLang()) =>
  (detail?.hint ? engineText(detail.hint_code, detail.hint_params, detail.hint, lang) : '');

/** A warning entry's message in the current language. */
export const warningMessage = (warning, lang = getLang()) => engineText(warning?.code, warning?.params, warning?.message, lang);
