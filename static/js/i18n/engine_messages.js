// Engine messages (errors, hints, warnings) in English and Chinese, by the stable code the API sends
// beside each English message (engine/present/messages.py holds the engine's English catalogue and
// app/messages.py the app's own refusals; the English here is the same text, checked by
// tests/engine/test_messages.py and tests/app/test_messages.py). The page shows the current language's
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
    en: "no value given for {names}",
    zh: "没有给出 {names} 的值",
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
  answer_too_large: {
    en: "the answer would carry {size} numbers; the limit is {limit}",
    zh: "结果将包含 {size} 个数，上限是 {limit}",
  },
  too_large_to_evaluate: {
    en: "the input is too large to evaluate ({reason})",
    zh: "输入太大，无法计算（{reason}）",
  },
  value_size_limit: {
    en: "{what} of {name} has {size} elements; the limit is {limit}",
    zh: "{name} 的{what}有 {size} 个元素；上限是 {limit}",
  },
  gradcheck_number_limit: {
    en: "the gradient check would run {passes} forward passes computing {numbers} numbers each; the limit is {limit} numbers in all",
    zh: "梯度检查需要做 {passes} 次前向传播，每次计算 {numbers} 个数；总上限是 {limit} 个数",
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
    zh: "形状 {shapes} 无法{verb}：它们不能广播",
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
  spec_not_object: {
    en: "The {what} must be a JSON object.",
    zh: "{what} 必须是 JSON 对象。",
  },
  spec_unknown_keys: {
    en: "Unknown key(s) in the {what}: {keys}. Allowed keys: {allowed}.",
    zh: "{what} 中有未知的键：{keys}。允许的键：{allowed}。",
  },
  not_whole_number: {
    en: "{what} must be a whole number, not {value}.",
    zh: "{what} 必须是整数，而不是 {value}。",
  },
  number_out_of_range: {
    en: "{what} must be between {low} and {high}, not {value}.",
    zh: "{what} 必须在 {low} 到 {high} 之间，而不是 {value}。",
  },
  not_finite_number: {
    en: "{what} must be a finite number, not {value}.",
    zh: "{what} 必须是有限的数，而不是 {value}。",
  },
  number_not_in_interval: {
    en: "{what} must be in {interval}, not {value}.",
    zh: "{what} 必须在区间 {interval} 内，而不是 {value}。",
  },
  spec_needs_input_size: {
    en: "The spec needs input_size: the number of features in one sample x.",
    zh: "网络描述需要 input_size：一个样本 x 的特征数。",
  },
  spec_needs_layers: {
    en: "layers must be a non-empty list such as [{\"units\": 2, \"activation\": \"relu\"}, {\"units\": 1, \"activation\": \"sigmoid\"}].",
    zh: "layers 必须是非空列表，例如 [{\"units\": 2, \"activation\": \"relu\"}, {\"units\": 1, \"activation\": \"sigmoid\"}]。",
  },
  layer_limit: {
    en: "At most {limit} layers are allowed; this spec has {count}.",
    zh: "最多允许 {limit} 层；这个网络描述有 {count} 层。",
  },
  layer_needs_units: {
    en: "layer {layer} needs units: the number of neurons in the layer.",
    zh: "第 {layer} 层需要 units：这一层的神经元个数。",
  },
  unknown_activation: {
    en: "layer {layer} activation {activation} is unknown; choose one of {choices}.",
    zh: "第 {layer} 层的激活函数 {activation} 未知；请从 {choices} 中选择。",
  },
  softmax_single_unit: {
    en: "layer {layer}: softmax over a single unit is always 1; give it at least 2 units or choose sigmoid.",
    zh: "第 {layer} 层：只有一个单元的 softmax 恒为 1；请至少给 2 个单元，或改用 sigmoid。",
  },
  unknown_loss: {
    en: "loss {loss} is unknown; choose bce (binary cross-entropy, sigmoid output), ce (cross-entropy, softmax output) or mse (mean squared error).",
    zh: "损失函数 {loss} 未知；请选择 bce（二元交叉熵，sigmoid 输出）、ce（交叉熵，softmax 输出）或 mse（均方误差）。",
  },
  loss_activation_mismatch: {
    en: "loss {loss} works on {need} outputs, but the last layer's activation is {activation}; set it to {need} or choose another loss.",
    zh: "损失函数 {loss} 需要 {need} 输出，但最后一层的激活函数是 {activation}；请改为 {need}，或换一个损失函数。",
  },
  parameter_limit: {
    en: "This network has {count} parameters; at most {limit} are allowed. Use fewer units or layers.",
    zh: "这个网络有 {count} 个参数；最多允许 {limit} 个。请减少单元或层数。",
  },
  nested_too_deeply: {
    en: "{what} is nested too deeply; use a number, a list or a list of lists.",
    zh: "{what} 嵌套太深；请用一个数、一个列表或列表的列表。",
  },
  not_only_numbers: {
    en: "{what} must contain only numbers, found {value}.",
    zh: "{what} 只能包含数字，却有 {value}。",
  },
  too_many_numbers: {
    en: "{what} has more than {limit} numbers; use a smaller network or batch.",
    zh: "{what} 的数字超过 {limit} 个；请用更小的网络或批次。",
  },
  not_only_finite: {
    en: "{what} must contain only finite numbers, found {value}.",
    zh: "{what} 只能包含有限的数，却有 {value}。",
  },
  ragged: {
    en: "{what} is ragged: every row must have the same length.",
    zh: "{what} 参差不齐：每一行的长度必须相同。",
  },
  unknown_init: {
    en: "init {init} is unknown; choose one of {choices}.",
    zh: "初始化方式 {init} 未知；请从 {choices} 中选择。",
  },
  weights_missing: {
    en: "weights is missing {names}; give every W and b, or leave weights out and use init.",
    zh: "weights 缺少 {names}；请给出所有 W 和 b，或省略 weights 并使用 init。",
  },
  weight_shape: {
    en: "W{layer} must have shape ({rows}, {columns}) = (units of layer {layer}, units of layer {previous}) since z = W x + b; got {shape}.",
    zh: "W{layer} 的形状必须是 ({rows}, {columns}) = (第 {layer} 层单元数, 第 {previous} 层单元数)，因为 z = W x + b；实际是 {shape}。",
  },
  bias_shape: {
    en: "b{layer} must be a list of {rows} numbers (one per unit of layer {unit_layer}); got shape {shape}.",
    zh: "b{layer} 必须是 {rows} 个数的列表（第 {unit_layer} 层每个单元一个）；实际形状是 {shape}。",
  },
  spec_needs_x: {
    en: "The spec needs x: one sample (a list of {size} numbers) or a batch (a list of such lists).",
    zh: "网络描述需要 x：一个样本（{size} 个数的列表）或一个批次（这样的列表的列表）。",
  },
  x_size_mismatch: {
    en: "x has {count} numbers but input_size is {size}; give one number per input, or a list of samples for a batch.",
    zh: "x 有 {count} 个数，但 input_size 是 {size}；请每个输入给一个数，或给出样本列表作为批次。",
  },
  x_not_samples: {
    en: "x must be one sample (a list of numbers) or a non-empty list of samples.",
    zh: "x 必须是一个样本（数字列表）或非空的样本列表。",
  },
  sample_size_mismatch: {
    en: "Each sample in x has {count} numbers but input_size is {size}.",
    zh: "x 中每个样本有 {count} 个数，但 input_size 是 {size}。",
  },
  sample_limit: {
    en: "x has {count} samples; at most {limit} are allowed here.",
    zh: "x 有 {count} 个样本；这里最多允许 {limit} 个。",
  },
  ce_targets_range: {
    en: "{what} holds class indices for loss ce: whole numbers from 0 to {max_class} (the output layer has {units} units); found {value}.",
    zh: "{what} 是损失 ce 的类别索引：0 到 {max_class} 的整数（输出层有 {units} 个单元）；却有 {value}。",
  },
  bce_targets_range: {
    en: "{what} for loss bce must be between 0 and 1 (class 1 = 1); found {value}.",
    zh: "损失 bce 的 {what} 必须在 0 到 1 之间（类别 1 = 1）；却有 {value}。",
  },
  spec_needs_y_class: {
    en: "The spec needs y, the target: a class index per sample.",
    zh: "网络描述需要目标 y：每个样本一个类别索引。",
  },
  spec_needs_y: {
    en: "The spec needs y, the target: {count} number(s) per sample.",
    zh: "网络描述需要目标 y：每个样本 {count} 个数。",
  },
  ce_y_single_shape: {
    en: "For loss ce, y is one class index (a whole number); got shape {shape}.",
    zh: "对于损失 ce，y 是一个类别索引（整数）；实际形状是 {shape}。",
  },
  ce_y_batch_shape: {
    en: "For loss ce, y is a list of {count} class indices, one per sample; got shape {shape}.",
    zh: "对于损失 ce，y 是 {count} 个类别索引的列表，每个样本一个；实际形状是 {shape}。",
  },
  y_shape: {
    en: "y must be {want} (the output layer has {units} unit(s)); got shape {shape}.",
    zh: "y 必须是 {want}（输出层有 {units} 个单元）；实际形状是 {shape}。",
  },
  unknown_view: {
    en: "view {view} is unknown; choose layer (W1, b1, z1, a1, …) or scalar (every weight its own node, as figure 6.18).",
    zh: "视图 {view} 未知；请选择 layer（W1, b1, z1, a1, …）或 scalar（每个权重一个节点，如图 6.18）。",
  },
  scalar_view_units: {
    en: "The scalar view draws every weight as a node and takes at most {limit} units per layer (input_size included); this network has {count}. Use view \"layer\" for it.",
    zh: "标量视图把每个权重画成一个节点，每层最多 {limit} 个单元（含 input_size）；这个网络有 {count} 个。请使用 \"layer\" 视图。",
  },
  scalar_view_one_sample: {
    en: "The scalar view shows one sample; give x as one list of {size} numbers, or use view \"layer\" for a batch.",
    zh: "标量视图只显示一个样本；请把 x 给成 {size} 个数的列表，批次请使用 \"layer\" 视图。",
  },
  unknown_optimizer: {
    en: "optimizer {name} is unknown; choose one of {choices}.",
    zh: "优化器 {name} 未知；请从 {choices} 中选择。",
  },
  not_boolean: {
    en: "{what} must be true or false, not {value}.",
    zh: "{what} 必须是 true 或 false，而不是 {value}。",
  },
  labels_not_one_hot: {
    en: "The {source} labels must be class indices 0…{max_class} to become one-hot targets for {units} output units; or use 1 output unit.",
    zh: "{source} 的标签必须是类别索引 0…{max_class}，才能变成 {units} 个输出单元的 one-hot 目标；或者只用 1 个输出单元。",
  },
  one_data_source_got: {
    en: "Give exactly one data source: x and y, dataset, or csv (got {sources}).",
    zh: "请只给一个数据来源：x 和 y、dataset 或 csv（实际给了 {sources}）。",
  },
  one_data_source: {
    en: "Give exactly one data source: x and y, dataset, or csv.",
    zh: "请只给一个数据来源：x 和 y、dataset 或 csv。",
  },
  dataset_features: {
    en: "The datasets have 2 features, but input_size is {size}; set input_size to 2.",
    zh: "数据集有 2 个特征，但 input_size 是 {size}；请把 input_size 设为 2。",
  },
  csv_features: {
    en: "The CSV file has {count} feature column(s) (all but the last), but input_size is {size}; set input_size to {fix}.",
    zh: "CSV 文件有 {count} 个特征列（除最后一列外），但 input_size 是 {size}；请把 input_size 设为 {fix}。",
  },
  dev_fraction_too_large: {
    en: "dev_fraction {fraction} leaves no training samples out of {count}; lower it.",
    zh: "dev_fraction {fraction} 使 {count} 个样本中没有训练样本；请调低它。",
  },
  work_limit: {
    en: "This run is too large: epochs × parameters × samples = {epochs} × {parameters} × {samples} = {work}, above the limit {limit}.",
    zh: "这次训练太大：轮数 × 参数 × 样本 = {epochs} × {parameters} × {samples} = {work}，超过上限 {limit}。",
  },
  update_limit: {
    en: "This run has {epochs} epochs × {batches} mini-batches = {updates} updates, above the limit {limit}.",
    zh: "这次训练有 {epochs} 轮 × {batches} 个小批次 = {updates} 次更新，超过上限 {limit}。",
  },
  not_a_number: {
    en: "{what} must be a number, not {type}.",
    zh: "{what} 必须是数字，而不是 {type}。",
  },
  not_finite: {
    en: "{what} must be a finite number.",
    zh: "{what} 必须是有限的数。",
  },
  dataset_not_object: {
    en: "dataset must be an object such as {\"name\": \"moons\", \"n\": 200}.",
    zh: "dataset 必须是对象，例如 {\"name\": \"moons\", \"n\": 200}。",
  },
  dataset_unknown_keys: {
    en: "Unknown dataset key(s) {keys}; use only {allowed}.",
    zh: "未知的数据集键 {keys}；只能使用 {allowed}。",
  },
  unknown_dataset: {
    en: "Unknown dataset {name}; choose one of {choices}.",
    zh: "未知的数据集 {name}；请从 {choices} 中选择。",
  },
  dataset_scale_list: {
    en: "dataset scale must be a list of two numbers, one per feature.",
    zh: "dataset 的 scale 必须是两个数的列表，每个特征一个。",
  },
  dataset_scale_range: {
    en: "dataset scale must be between {low} and {high}.",
    zh: "dataset 的 scale 必须在 {low} 到 {high} 之间。",
  },
  csv_not_text: {
    en: "csv must be text: rows of numbers separated by commas, the label last.",
    zh: "csv 必须是文本：每行是用逗号分隔的数字，标签在最后。",
  },
  csv_too_long: {
    en: "The CSV text is longer than {limit} characters; use fewer rows or columns.",
    zh: "CSV 文本超过 {limit} 个字符；请减少行或列。",
  },
  csv_empty: {
    en: "The CSV file is empty; paste rows such as \"0.5, 1.2, 1\" (features first, label last).",
    zh: "CSV 文件是空的；请粘贴如 \"0.5, 1.2, 1\" 的行（先特征，最后是标签）。",
  },
  csv_header_only: {
    en: "The CSV file has a header but no data rows.",
    zh: "CSV 文件只有表头，没有数据行。",
  },
  csv_one_column: {
    en: "Each CSV row needs at least one feature and a label (two columns); line {line} has one. Separate columns with commas.",
    zh: "CSV 的每一行至少需要一个特征和一个标签（两列）；第 {line} 行只有一列。请用逗号分隔各列。",
  },
  csv_column_limit: {
    en: "The CSV file has {count} columns; at most {limit} ({features} features and the label) are allowed.",
    zh: "CSV 文件有 {count} 列；最多允许 {limit} 列（{features} 个特征和标签）。",
  },
  csv_row_limit: {
    en: "The CSV file has {count} data rows; at most {limit} are allowed.",
    zh: "CSV 文件有 {count} 行数据；最多允许 {limit} 行。",
  },
  csv_row_width: {
    en: "Line {line} has {count} columns but the file has {width}; every row needs the same number of values.",
    zh: "第 {line} 行有 {count} 列，但文件有 {width} 列；每一行的值个数必须相同。",
  },
  csv_not_number: {
    en: "Line {line}, column {column}: {cell} is not a number; use plain numbers such as 0.5 or -3e2.",
    zh: "第 {line} 行第 {column} 列：{cell} 不是数字；请使用普通数字，例如 0.5 或 -3e2。",
  },
  csv_number_too_large: {
    en: "The CSV file has a number too large to represent; rescale the data.",
    zh: "CSV 文件中有一个大到无法表示的数；请缩放数据。",
  },
  csv_single_class: {
    en: "Every label (last column) is {label}: a single class cannot be learned; add rows of another class.",
    zh: "所有标签（最后一列）都是 {label}：只有一个类别无法学习；请加入另一类别的行。",
  },
  hint_layer_view_smaller: {
    en: "Use fewer samples or units; training takes more: POST /api/v1/train.",
    zh: "请减少样本或单元；训练可以处理更多：POST /api/v1/train。",
  },
  hint_fewer_epochs: {
    en: "Use fewer epochs, fewer units or fewer samples.",
    zh: "请减少轮数、单元或样本。",
  },
  hint_larger_batch: {
    en: "Use a larger batch_size or fewer epochs.",
    zh: "请用更大的 batch_size 或更少的轮数。",
  },
  hint_smaller_batch_graph: {
    en: "Use a smaller batch_size to see the graph; the table below is complete.",
    zh: "用更小的 batch_size 才能看到计算图；下面的表格是完整的。",
  },
  layer_view_samples: {
    en: "x has {count} samples; the graph shows at most {limit}.",
    zh: "x 有 {count} 个样本；计算图最多显示 {limit} 个。",
  },
  layer_view_activations: {
    en: "The graph would hold {values} activations (samples × all units = {samples} × {units}); it shows at most {limit}.",
    zh: "计算图将含有 {values} 个激活值（样本 × 全部单元 = {samples} × {units}）；最多显示 {limit} 个。",
  },
  training_diverged: {
    en: "Training diverged at epoch {epoch}: parameters became NaN or infinite. Lower the learning rate or normalise inputs.",
    zh: "训练在第 {epoch} 轮发散：参数变成了 NaN 或无穷大。请降低学习率，或对输入做归一化。",
  },
  training_diverged_loss: {
    en: "Training diverged at epoch {epoch}: the loss grew past {limit}. Lower the learning rate or normalise inputs.",
    zh: "训练在第 {epoch} 轮发散：损失超过了 {limit}。请降低学习率，或对输入做归一化。",
  },
  training_diverged_grew: {
    en: "Training diverged at epoch {epoch}: the loss grew to {loss}, more than {factor} times the {start} it started from. Lower the learning rate or normalise inputs.",
    zh: "训练在第 {epoch} 轮发散：损失增长到 {loss}，超过了起始值 {start} 的 {factor} 倍。请降低学习率，或对输入做归一化。",
  },
  checkpoint_other_run: {
    en: "This checkpoint belongs to another run: its {parts} differ from this request's.",
    zh: "这个检查点属于另一次训练：它的 {parts} 与本次请求不同。",
  },
  hint_checkpoint_same_settings: {
    en: "Resume with the same settings the run was started with (only epochs and pace may change), or start a new run without resume_from.",
    zh: "请用开始训练时的同一组设置继续（只有轮数和速度可以改变），或者不带 resume_from 重新开始训练。",
  },
  softmax_shifted: {
    en: "the logits of layer {layer} reach beyond ±{limit}, where exp(z) or the s² in its gradient would overflow or lose digits, so softmax is computed as exp({shifted}) / Σ: subtracting a constant (the largest logit) changes no probability and no gradient",
    zh: "第 {layer} 层的 logits 超出 ±{limit}，此时 exp(z) 或其梯度中的 s² 会溢出或丢失精度，所以 softmax 按 exp({shifted}) / Σ 计算：减去一个常数（最大的 logit）不改变任何概率和梯度",
  },
  log_softmax_rounding: {
    en: "{a} rounds to 0, so the loss takes log({a}) as {shifted} − log({s}) (eq 6.28), the same number without rounding; {a} itself then does not feed L",
    zh: "{a} 舍入为 0，所以损失把 log({a}) 取为 {shifted} − log({s})（式 6.28），数值相同但没有舍入；{a} 本身于是不再流向 L",
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
  hint_usage_leaky_relu: {
    en: "leaky_relu(z) or leaky_relu(z, slope)",
    zh: "leaky_relu(z) 或 leaky_relu(z, slope)",
  },
  hint_usage_bce: {
    en: "bce(yhat, y): predicted probabilities and 0/1 labels",
    zh: "bce(yhat, y)：预测概率和 0/1 标签",
  },
  hint_usage_ce: {
    en: "ce(p, y): softmax probabilities and class indices",
    zh: "ce(p, y)：softmax 概率和类别编号",
  },
  hint_usage_softmax_ce: {
    en: "softmax_ce(z, y): logits and class indices",
    zh: "softmax_ce(z, y)：logits 和类别编号",
  },
  hint_usage_max: {
    en: "max(a, b): the larger of a and b, entry by entry",
    zh: "max(a, b)：逐元素取 a 和 b 中较大的",
  },
  hint_usage_min: {
    en: "min(a, b): the smaller of a and b, entry by entry",
    zh: "min(a, b)：逐元素取 a 和 b 中较小的",
  },
  hint_add_value_or_mean: {
    en: "add {names} to the values, e.g. {name}=1, or did you mean {suggestion}?",
    zh: "在取值中加上 {names}，例如 {name}=1；或者你是想写 {suggestion}？",
  },
  hint_add_value: {
    en: "add {names} to the values, e.g. {name}=1",
    zh: "在取值中加上 {names}，例如 {name}=1",
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
  hint_smaller_answer: {
    en: "use smaller tensors or fewer operations on them",
    zh: "用更小的张量，或减少对它们的运算",
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
  hint_check_smaller_tensors: {
    en: "check with smaller tensors, or leave the check off (the gradients are exact)",
    zh: "用更小的张量检查，或关闭检查（梯度本身是精确的）",
  },
  non_finite_result: {
    en: "{op} of {args} is {result}",
    zh: "{op}({args}) 的值是 {result}",
  },
  // ---- the app's own refusals (app/messages.py: 404, 405, 413, 429, a bad Host, the time budget, …)
  no_endpoint: {
    en: "There is no endpoint at {path}.",
    zh: "{path} 处没有接口。",
  },
  not_found: {
    en: "There is nothing at {path}.",
    zh: "{path} 处什么也没有。",
  },
  method_not_allowed: {
    en: "{method} is not accepted at {path}; it accepts {allowed}.",
    zh: "{path} 不接受 {method} 请求；它接受 {allowed}。",
  },
  method_not_accepted: {
    en: "{method} is not accepted at {path}.",
    zh: "{path} 不接受 {method} 请求。",
  },
  unreadable_body: {
    en: "The request body could not be read as JSON.",
    zh: "无法把请求体当作 JSON 读取。",
  },
  http_error: {
    en: "The request was refused ({status}): {detail}",
    zh: "请求被拒绝（{status}）：{detail}",
  },
  request_too_large: {
    en: "The request body is larger than {limit} bytes.",
    zh: "请求体超过了 {limit} 字节。",
  },
  bad_content_length: {
    en: "Content-Length is not a number.",
    zh: "Content-Length 不是一个数字。",
  },
  invalid_host: {
    en: "This server does not answer to the host name {host}.",
    zh: "本服务器不响应主机名 {host}。",
  },
  server_busy: {
    en: "The server is busy with other large computations.",
    zh: "服务器正忙于其他大型计算。",
  },
  time_budget: {
    en: "This needs more work than the server allows per request ({seconds} s).",
    zh: "这项计算超出了服务器对每个请求允许的工作量（{seconds} 秒）。",
  },
  engine_failure: {
    en: "The engine failed on this input; this is a bug on our side and it was logged.",
    zh: "引擎在这个输入上出错了；这是我们这边的缺陷，已经记录下来。",
  },
  pace_too_slow: {
    en: "At {pace} epochs per second, {epochs} epochs take {seconds} s, beyond this request's budget of {budget} s.",
    zh: "以每秒 {pace} 轮的速度，{epochs} 轮需要 {seconds} 秒，超出了本次请求 {budget} 秒的时间预算。",
  },
  internal_error: {
    en: "Something went wrong on the server.",
    zh: "服务器出错了。",
  },
  hint_api_endpoints: {
    en: "Use one of the endpoints listed here; /docs describes each with examples.",
    zh: "请使用这里列出的接口之一；/docs 有每个接口的说明和示例。",
  },
  hint_page_and_docs: {
    en: "The page is at /, the API docs at /docs.",
    zh: "页面在 /，API 文档在 /docs。",
  },
  hint_post_json: {
    en: "Send a POST with a JSON body and the header Content-Type: application/json; /docs describes each endpoint with examples.",
    zh: "请发送带 JSON 请求体和请求头 Content-Type: application/json 的 POST 请求；/docs 有每个接口的说明和示例。",
  },
  hint_api_docs: {
    en: "/docs describes each endpoint with examples.",
    zh: "/docs 有每个接口的说明和示例。",
  },
  hint_json_object: {
    en: "Send a JSON object as /docs shows; values are numbers or lists of at most two levels.",
    zh: "请按 /docs 的示例发送一个 JSON 对象；值是数字，或最多两层的列表。",
  },
  hint_shorter_request: {
    en: "Send a shorter program or fewer values; the limit is BACKPROP_MAX_BODY_BYTES.",
    zh: "请发送更短的程序或更少的值；上限由 BACKPROP_MAX_BODY_BYTES 设定。",
  },
  hint_valid_content_length: {
    en: "Send a valid Content-Length header or none.",
    zh: "请发送有效的 Content-Length 请求头，或者不发送它。",
  },
  hint_use_the_server_address: {
    en: "Open the page at the server's own address; its operator lists the host names it answers to in BACKPROP_ALLOWED_HOSTS.",
    zh: "请用服务器自己的地址打开页面；运维人员在 BACKPROP_ALLOWED_HOSTS 中列出了它响应的主机名。",
  },
  hint_retry_later: {
    en: "Try again in {retry_after} seconds, or send a smaller request.",
    zh: "请在 {retry_after} 秒后重试，或发送更小的请求。",
  },
  hint_make_smaller: {
    en: "Make the program smaller: fewer nodes, smaller tensors or a smaller network.",
    zh: "请把程序改小：更少的节点、更小的张量或更小的网络。",
  },
  hint_rewrite_and_report: {
    en: "Try writing the expression another way (e.g. split it into named steps), and please report the input that caused this.",
    zh: "请换一种写法（例如拆成几个命名的步骤），并请报告引发这个问题的输入。",
  },
  hint_leave_pace_out: {
    en: "Leave pace out, or watch a paced run with POST /api/v1/train/stream.",
    zh: "请去掉 pace，或用 POST /api/v1/train/stream 观看按速度进行的训练。",
  },
  hint_report_bug: {
    en: "This is a bug; please report the request that caused it.",
    zh: "这是一个缺陷；请报告引发它的请求。",
  },
};

// A list parameter (several names) is written "c, a, b" in English and "c、a、b" in Chinese.
const LIST_SEPARATOR = { en: ', ', zh: '、' };

// Parameters that are English words themselves (the verb of a shape error, the "and" between
// shapes), in the other language; a value not listed is shown as the engine wrote it.
const PARAM_WORDS = {
  zh: {
    verb: { add: '相加', subtract: '相减', multiply: '相乘', divide: '相除', 'raise to the power': '求幂',
      compare: '比较', 'apply leaky_relu to': '应用 leaky_relu' },
    shapes: (v) => v.replaceAll(' and ', ' 和 '),
  },
};

function localValue(lang, name, value) {
  const words = PARAM_WORDS[lang]?.[name];
  if (typeof words === 'function') return words(value);
  return words?.[value] ?? value;
}

/** The text of an engine message in `lang`: its template filled with params, else `english`. */
export function engineText(code, params, english, lang) {
  const entry = code ? ENGINE_MESSAGES[code] : undefined;
  const template = entry?.[lang] ?? entry?.en;
  if (!template) return english ?? '';
  let complete = true;
  const text = template.replace(/\{(\w+)\}/g, (m, name) => {
    const value = params?.[name];
    if (value === undefined || value === null) { complete = false; return m; }
    if (Array.isArray(value)) return value.join(LIST_SEPARATOR[lang] ?? ', ');
    return localValue(lang, name, String(value));
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

/**
 * What a failed API call says, in the current language (`lang` for tests): one reading of api.js's
 * ApiError for every view, which each present it in their own way.
 * - the API's error object (every 4xx but 422, docs/contract.md §3): its message and hint by their codes;
 * - a schema refusal (422: a list of {loc, msg}): `problems`, one {loc, field, text} each (field: the
 *   body's key path, `layers.0.units`), the message their texts joined, no hint;
 * - no answer from the API (the network failed, a body that is not the API's): the error's own message.
 * `answered`: whether the API said why (the last case is false).
 * @returns {{message: string, hint: string, problems: {loc, field: string, text: string}[], answered: boolean}}
 */
export function apiError(err, lang = getLang()) {
  const detail = err?.detail;
  if (Array.isArray(detail)) {
    const problems = detail.map((d) => ({ loc: d?.loc ?? [], field: (d?.loc ?? []).slice(1).join('.'), text: `${d?.msg ?? ''}`.trim() }));
    return { message: problems.map((p) => p.text).join('; '), hint: '', problems, answered: true };
  }
  if (detail && typeof detail === 'object') {
    const message = detail.message ? errorMessage(detail, lang) : err?.message ?? '';
    return { message, hint: errorHint(detail, lang), problems: [], answered: true };
  }
  return { message: err?.message ?? '', hint: '', problems: [], answered: false };
}

/** `apiError` as one line: the message, then what to do next, `separator` between them. */
export function apiErrorText(err, { lang = getLang(), separator = ' ' } = {}) {
  const { message, hint } = apiError(err, lang);
  return [message, hint].filter(Boolean).join(separator);
}
