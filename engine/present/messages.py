"""The catalogue of engine messages: a stable code for each, and its English template.

Every message the engine shows a learner (errors, hints, warnings) has a code here, so the page can
show it in the learner's language: the API sends `code` and `params` beside the English `message`, and
static/js/i18n/engine_messages.js holds the same templates in English and Chinese.

Errors and warnings are raised with their code and parameters (`ParseError("operator_needs_left",
op="*")`); the English text is rendered from the template here, never parsed back.
tests/engine/test_messages.py walks the engine's raise sites and fails when a code is not here or its
parameters do not fill the template.

Templates use `{name}` placeholders; a name may appear twice. A parameter is text, or a list of texts
where a message names several things (missing_value's names), written "c, a, b".
"""
import re

CATALOGUE = {
    # ---- parsing --------------------------------------------------------------------------------
    "empty_expression": "the expression is empty",
    "semicolon_in_parens": "';' inside parentheses",
    "missing_operator_before_number": "missing operator before the number {number}",
    "function_without_call": "{name} is a function: write {name}(…)",
    "operator_needs_left": "'{op}' needs a value on its left",
    "unmatched_close_paren": "this ')' has no matching '('",
    "comma_outside_call": "',' outside a function's parentheses",
    "misplaced_assignment": "'=' can only follow a name at the start of a statement",
    "assignment_missing_expression": "an expression is missing after '{name} ='",
    "expression_missing": "an expression is missing here",
    "unclosed_paren": "this '(' is never closed",
    "empty_parens": "empty parentheses",
    "call_needs_argument": "{function}() needs an argument",
    "operator_needs_right": "'{op}' is missing a value on its right",
    "value_missing_here": "a value is missing here",
    "unexpected_character": "unexpected character {character}",
    "number_too_large": "the number {number} is too large for float64",
    "reserved_name": "names may not start with '_' ({name})",
    "used_before_assigned": "{name} is used before it is assigned",
    "unknown_function": "unknown function {name}",
    "missing_value": "no value given for {names}",
    "wrong_argument_count": "{function} takes {expected} arguments, got {got}",
    "wrong_argument_count_one": "{function} takes {expected} argument, got {got}",
    "function_assigned": "{name} is a function and cannot be assigned",
    "value_assigned": "{name} is given in the values and cannot be assigned",
    "assigned_twice": "{name} is assigned twice",
    # ---- limits ---------------------------------------------------------------------------------
    "nesting_limit": "the expression nests more than {limit} levels deep",
    "number_literal_limit": "number literal has {length} characters; the limit is {limit}",
    "name_length_limit": "name is {length} characters long; the limit is {limit}",
    "node_limit": "the graph has more than {limit} nodes",
    "edge_limit": "the graph has more than {limit} edges",
    "tensor_size_limit": "this operation makes a tensor of shape {shape} ({size} elements); the limit is "
                         "{limit}",
    "total_size_limit": "the graph holds more than {limit} numbers in total",
    "source_length_limit": "the source has {length} characters; the limit is {limit}",
    "answer_too_large": "the answer would carry {size} numbers; the limit is {limit}",
    "too_large_to_evaluate": "the input is too large to evaluate ({reason})",
    "value_size_limit": "{what} of {name} has {size} elements; the limit is {limit}",
    "gradcheck_number_limit": "the gradient check would run {passes} forward passes computing {numbers} "
                              "numbers each; the limit is {limit} numbers in all",
    "gradcheck_limit": "the gradient check would run {passes} forward passes over {nodes} nodes; the limit "
                       "is {limit} node evaluations",
    # ---- values ---------------------------------------------------------------------------------
    "source_not_text": "the source must be text, not {type}",
    "values_not_object": "values must be an object mapping names to numbers or lists",
    "value_name_not_text": "value names must be text, got {key}",
    "parameters_not_names": "parameters must be a list of names",
    "parameter_listed_twice": "parameters names {name} twice",
    "parameter_without_value": "parameters names {name}, which has no value in values",
    "nonscalar_output": "the output {name} has shape {shape}; backward needs a scalar output or a seed "
                        "of that shape",
    "seed_shape_mismatch": "the seed has shape {seed_shape} but the output has shape {shape}",
    "empty_list": "{what} of {name} is an empty list",
    "empty_row": "{what} of {name} has an empty row",
    "ragged_rows": "{what} of {name} is not rectangular: row {row} has {length} entries, row 0 has {columns}",
    "row_not_list": "{what} of {name} is not rectangular: row {row} is not a list",
    "bad_dtype": "{what} of {name} has numpy dtype {dtype}",
    "bad_value_shape": "{what} of {name} has shape {shape}",
    "non_finite_value": "{what} of {name} contains NaN, Infinity or a number too large for float64",
    "integer_too_large": "{what} of {name} contains an integer too large for float64",
    "bad_value": "{what} of {name} contains {value}",
    "class_index_range": "ce class indices must be whole numbers from 0 to {max_class}",
    # ---- shapes ---------------------------------------------------------------------------------
    "shape_mismatch": "cannot {verb} shapes {shapes}: they do not broadcast",
    "needs_tensor": "{function} needs a vector or a matrix, got a scalar",
    "matmul_scalar": "@ needs vectors or matrices, got shapes {left} and {right}; use * to multiply by a "
                     "scalar",
    "matmul_inner": "cannot multiply shapes {left} @ {right}: inner sizes {left_size} and {right_size} "
                    "differ",
    "ce_scalar": "ce needs probabilities as a vector (one sample) or a matrix (one row per sample), got a "
                 "scalar",
    "ce_label_shape": "ce labels of shape {label_shape} do not fit probabilities of shape {shape}: give class "
                      "indices of shape {index_shape} or targets of shape {target_shape}",
    # ---- warnings -------------------------------------------------------------------------------
    "non_finite_elements": "{op} gave NaN or ±Infinity in {count} of {size} elements",
    "non_finite_gradient_constant": "the gradient sent to {input} is {gradient} because the local gradient "
                                    "is {local}; {input} is a constant, so nothing uses this gradient",
    "non_finite_gradient": "the gradient sent to {input} is {gradient} because the local gradient is {local}",
    "not_a_dependency": "{output} does not depend on {name}, so its gradient is 0",
    "unused_value": "the value given for {name} is not used",
    "unused_parameter": "the parameter {name} is not used",
    # ---- network spec, training, datasets ------------------------------------------------------
    "spec_not_object": "The {what} must be a JSON object.",
    "spec_unknown_keys": "Unknown key(s) in the {what}: {keys}. Allowed keys: {allowed}.",
    "not_whole_number": "{what} must be a whole number, not {value}.",
    "number_out_of_range": "{what} must be between {low} and {high}, not {value}.",
    "not_finite_number": "{what} must be a finite number, not {value}.",
    "number_not_in_interval": "{what} must be in {interval}, not {value}.",
    "spec_needs_input_size": "The spec needs input_size: the number of features in one sample x.",
    "spec_needs_layers": "layers must be a non-empty list such as [{\"units\": 2, \"activation\": "
                         "\"relu\"}, {\"units\": 1, \"activation\": \"sigmoid\"}].",
    "layer_limit": "At most {limit} layers are allowed; this spec has {count}.",
    "layer_needs_units": "layer {layer} needs units: the number of neurons in the layer.",
    "unknown_activation": "layer {layer} activation {activation} is unknown; choose one of {choices}.",
    "softmax_single_unit": "layer {layer}: softmax over a single unit is always 1; give it at least 2 "
                           "units or choose sigmoid.",
    "unknown_loss": "loss {loss} is unknown; choose bce (binary cross-entropy, sigmoid output), ce "
                    "(cross-entropy, softmax output) or mse (mean squared error).",
    "loss_activation_mismatch": "loss {loss} works on {need} outputs, but the last layer's activation is "
                                "{activation}; set it to {need} or choose another loss.",
    "parameter_limit": "This network has {count} parameters; at most {limit} are allowed. Use fewer units "
                       "or layers.",
    "nested_too_deeply": "{what} is nested too deeply; use a number, a list or a list of lists.",
    "not_only_numbers": "{what} must contain only numbers, found {value}.",
    "too_many_numbers": "{what} has more than {limit} numbers; use a smaller network or batch.",
    "not_only_finite": "{what} must contain only finite numbers, found {value}.",
    "ragged": "{what} is ragged: every row must have the same length.",
    "unknown_init": "init {init} is unknown; choose one of {choices}.",
    "weights_missing": "weights is missing {names}; give every W and b, or leave weights out and use init.",
    "weight_shape": "W{layer} must have shape ({rows}, {columns}) = (units of layer {layer}, units of "
                    "layer {previous}) since z = W x + b; got {shape}.",
    "bias_shape": "b{layer} must be a list of {rows} numbers (one per unit of layer {unit_layer}); got "
                  "shape {shape}.",
    "spec_needs_x": "The spec needs x: one sample (a list of {size} numbers) or a batch (a list of such "
                    "lists).",
    "x_size_mismatch": "x has {count} numbers but input_size is {size}; give one number per input, or a "
                       "list of samples for a batch.",
    "x_not_samples": "x must be one sample (a list of numbers) or a non-empty list of samples.",
    "sample_size_mismatch": "Each sample in x has {count} numbers but input_size is {size}.",
    "sample_limit": "x has {count} samples; at most {limit} are allowed here.",
    "ce_targets_range": "{what} holds class indices for loss ce: whole numbers from 0 to {max_class} (the "
                        "output layer has {units} units); found {value}.",
    "bce_targets_range": "{what} for loss bce must be between 0 and 1 (class 1 = 1); found {value}.",
    "spec_needs_y_class": "The spec needs y, the target: a class index per sample.",
    "spec_needs_y": "The spec needs y, the target: {count} number(s) per sample.",
    "ce_y_single_shape": "For loss ce, y is one class index (a whole number); got shape {shape}.",
    "ce_y_batch_shape": "For loss ce, y is a list of {count} class indices, one per sample; got shape "
                        "{shape}.",
    "y_shape": "y must be {want} (the output layer has {units} unit(s)); got shape {shape}.",
    "unknown_view": "view {view} is unknown; choose layer (W1, b1, z1, a1, …) or scalar (every weight its "
                    "own node, as figure 6.18).",
    "scalar_view_units": "The scalar view draws every weight as a node and takes at most {limit} units per "
                         "layer (input_size included); this network has {count}. Use view \"layer\" for it.",
    "scalar_view_one_sample": "The scalar view shows one sample; give x as one list of {size} numbers, or "
                              "use view \"layer\" for a batch.",
    "unknown_optimizer": "optimizer {name} is unknown; choose one of {choices}.",
    "not_boolean": "{what} must be true or false, not {value}.",
    "labels_not_one_hot": "The {source} labels must be class indices 0…{max_class} to become one-hot "
                          "targets for {units} output units; or use 1 output unit.",
    "one_data_source_got": "Give exactly one data source: x and y, dataset, or csv (got {sources}).",
    "one_data_source": "Give exactly one data source: x and y, dataset, or csv.",
    "dataset_features": "The datasets have 2 features, but input_size is {size}; set input_size to 2.",
    "csv_features": "The CSV file has {count} feature column(s) (all but the last), but input_size is "
                    "{size}; set input_size to {fix}.",
    "dev_fraction_too_large": "dev_fraction {fraction} leaves no training samples out of {count}; lower it.",
    "work_limit": "This run is too large: epochs × parameters × samples = {epochs} × {parameters} × "
                  "{samples} = {work}, above the limit {limit}.",
    "update_limit": "This run has {epochs} epochs × {batches} mini-batches = {updates} updates, above the "
                    "limit {limit}.",
    "not_a_number": "{what} must be a number, not {type}.",
    "not_finite": "{what} must be a finite number.",
    "dataset_not_object": "dataset must be an object such as {\"name\": \"moons\", \"n\": 200}.",
    "dataset_unknown_keys": "Unknown dataset key(s) {keys}; use only {allowed}.",
    "unknown_dataset": "Unknown dataset {name}; choose one of {choices}.",
    "dataset_scale_list": "dataset scale must be a list of two numbers, one per feature.",
    "dataset_scale_range": "dataset scale must be between {low} and {high}.",
    "csv_not_text": "csv must be text: rows of numbers separated by commas, the label last.",
    "csv_too_long": "The CSV text is longer than {limit} characters; use fewer rows or columns.",
    "csv_empty": "The CSV file is empty; paste rows such as \"0.5, 1.2, 1\" (features first, label last).",
    "csv_header_only": "The CSV file has a header but no data rows.",
    "csv_one_column": "Each CSV row needs at least one feature and a label (two columns); line {line} has "
                      "one. Separate columns with commas.",
    "csv_column_limit": "The CSV file has {count} columns; at most {limit} ({features} features and the "
                        "label) are allowed.",
    "csv_row_limit": "The CSV file has {count} data rows; at most {limit} are allowed.",
    "csv_row_width": "Line {line} has {count} columns but the file has {width}; every row needs the same "
                     "number of values.",
    "csv_not_number": "Line {line}, column {column}: {cell} is not a number; use plain numbers such as 0.5 "
                      "or -3e2.",
    "csv_number_too_large": "The CSV file has a number too large to represent; rescale the data.",
    "csv_single_class": "Every label (last column) is {label}: a single class cannot be learned; add rows "
                        "of another class.",
    "hint_layer_view_smaller": "Use fewer samples or units; training takes more: POST /api/v1/train.",
    "hint_fewer_epochs": "Use fewer epochs, fewer units or fewer samples.",
    "hint_larger_batch": "Use a larger batch_size or fewer epochs.",
    "hint_smaller_batch_graph": "Use a smaller batch_size to see the graph; the table below is complete.",
    "layer_view_samples": "x has {count} samples; the graph shows at most {limit}.",
    "layer_view_activations": "The graph would hold {values} activations (samples × all units = {samples} "
                              "× {units}); it shows at most {limit}.",
    "training_diverged": "Training diverged at epoch {epoch}: parameters became NaN or infinite. Lower the "
                         "learning rate or normalise inputs.",
    "training_diverged_loss": "Training diverged at epoch {epoch}: the loss grew past {limit}. Lower the "
                              "learning rate or normalise inputs.",
    "training_diverged_grew": "Training diverged at epoch {epoch}: the loss grew to {loss}, more than {factor} "
                              "times the {start} it started from. Lower the learning rate or normalise inputs.",
    "checkpoint_other_run": "This checkpoint belongs to another run: its {parts} differ from this request's.",
    "hint_checkpoint_same_settings": "Resume with the same settings the run was started with (only epochs "
                                     "and pace may change), or start a new run without resume_from.",
    "softmax_shifted": "the logits of layer {layer} reach beyond ±{limit}, where exp(z) or the s² in its "
                       "gradient would overflow or lose digits, so softmax is computed as exp({shifted}) / "
                       "Σ: subtracting a constant (the largest logit) changes no probability and no "
                       "gradient",
    "log_softmax_rounding": "{a} rounds to 0, so the loss takes log({a}) as {shifted} − log({s}) (eq "
                            "6.28), the same number without rounding; {a} itself then does not feed L",
    # ---- hints ----------------------------------------------------------------------------------
    "hint_type_expression": "type an expression such as c*(a+2*b)",
    "hint_close_parens": "close the parentheses before ending the statement",
    "hint_write_times": "write * between the factors",
    "hint_function_example": "for example {name}(x)",
    "hint_write_operand": "write an operand before the operator",
    "hint_remove_paren": "remove it or add a '(' before it",
    "hint_commas": "commas separate a function's arguments, e.g. bce(yhat, y)",
    "hint_one_assignment": "write one assignment per line, e.g. e = a + d",
    "hint_write_value": "write a value or expression",
    "hint_add_close_paren": "add a ')' to close it",
    "hint_name_intermediate": "name intermediate results on separate lines instead",
    "hint_fill_parens": "put an expression inside the parentheses",
    "hint_complete_after_operator": "complete the expression after the operator",
    "hint_complete": "complete the expression",
    "hint_no_strings": "strings are not part of the language; only numbers and names",
    "hint_no_attributes": "attribute access is not part of the language",
    "hint_give_vectors": "give vectors and matrices as values, e.g. x=[1, 2]",
    "hint_no_python": "lambdas, slices and other Python syntax are not part of the language",
    "hint_float_digits": "float64 keeps 17 significant digits",
    "hint_float_range": "float64 reaches about 1.8e308",
    "hint_shorter_name": "use a shorter name",
    "hint_reserved_name": "'_' names are reserved for unnamed nodes; rename it",
    "hint_move_assignment": "move the line that assigns {name} above this one",
    "hint_did_you_mean_function": "did you mean {suggestion}? functions: {functions}",
    "hint_functions": "functions: {functions}",
    "hint_usage_leaky_relu": "leaky_relu(z) or leaky_relu(z, slope)",
    "hint_usage_bce": "bce(yhat, y): predicted probabilities and 0/1 labels",
    "hint_usage_ce": "ce(p, y): softmax probabilities and class indices",
    "hint_usage_softmax_ce": "softmax_ce(z, y): logits and class indices",
    "hint_usage_max": "max(a, b): the larger of a and b, entry by entry",
    "hint_usage_min": "min(a, b): the smaller of a and b, entry by entry",
    "hint_add_value_or_mean": "add {names} to the values, e.g. {name}=1, or did you mean {suggestion}?",
    "hint_add_value": "add {names} to the values, e.g. {name}=1",
    "hint_choose_name": "choose another name, e.g. {name}1 or my_{name}",
    "hint_rename_or_remove": "rename the assignment or remove {name} from the values",
    "hint_assign_once": "each name is assigned once; use a new name such as {name}2",
    "hint_split": "split the computation or use vectors and matrices instead of scalars",
    "hint_smaller_tensors": "use smaller tensors or fewer nodes",
    "hint_check_shapes": "check the shapes of the operands (vectors are [n], matrices [rows, columns])",
    "hint_labels": "labels are class numbers 0, 1, …, K−1 (one per sample)",
    "hint_smaller_answer": "use smaller tensors or fewer operations on them",
    "hint_smaller_program": "make the program smaller",
    "hint_shorten": "shorten the program",
    "hint_values_example": 'for example {"a": 3, "b": [1, 2]}',
    "hint_parameters_example": 'for example ["W1", "b1"]',
    "hint_reduce_output": "reduce it with sum(…) or mean(…), or give a seed",
    "hint_seed_shape": "give a seed shaped like the output",
    "hint_one_number": "give at least one number",
    "hint_give_numbers": "give numbers",
    "hint_value_shape": "give a number, a vector or a matrix (at most {max_axes} axes, not empty)",
    "hint_finite": "give finite numbers",
    "hint_list_once": "list {name} once",
    "hint_parameter_value": "add a value for {name} to values, or remove it from parameters",
    "hint_rectangular": "a matrix needs every row to have {columns} numbers; at most {max_axes} axes",
    "hint_number_or_list": "give a number or a rectangular list of numbers (a vector or a matrix)",
    "hint_smaller_check": "check a smaller graph or fewer inputs",
    "hint_check_smaller_tensors": "check with smaller tensors, or leave the check off (the gradients are "
                                  "exact)",
    # last: so general that it would also match the longer warnings above
    "non_finite_result": "{op} of {args} is {result}",
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def parameter_names(template):
    return sorted(set(_PLACEHOLDER.findall(template)))


def _text(value):
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def render(code, params, catalogue=CATALOGUE):
    """The English text of a code (of `catalogue`: the app passes its own); a list parameter (several
    names) is written "c, a, b"."""
    def fill(m):
        value = params[m.group(1)]
        return ", ".join(value) if isinstance(value, list) else str(value)
    return _PLACEHOLDER.sub(fill, catalogue[code])


def coded(code, **params):
    """{"message", "code", "params"}: a message with what the page needs to show it in any language."""
    params = {k: _text(v) for k, v in params.items()}
    return {"message": render(code, params), "code": code, "params": params}


def warning(node, code, **params):
    """A warning entry for the API: the node it concerns (as the learner sees it), its code, params and
    English message."""
    return {"node": node, "node_id": node, **coded(code, **params)}
