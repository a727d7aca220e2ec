"""Every size limit of the engine, each with the reason it exists.

The engine never recurses over user-sized structures, so these are about time, memory and what a page
can show — not about protecting the Python stack.
"""

# A 20,000-node generated program is ~500 kB of text; 1 MB leaves room and still parses in well under
# a second.
MAX_SOURCE_CHARS = 1_000_000

# Every node becomes a drawn circle plus two steps in the timeline; 50,000 keeps one response below
# ~100 MB of JSON and one request below a few seconds.
MAX_NODES = 50_000

# Edges (operand slots): each is a record shown in three places of the response; an n-ary sum of
# 50,000 terms is one node but 50,000 edges.
MAX_EDGES = 100_000

# Parentheses and operator nesting: the parser's explicit stacks could go deeper, but nothing a
# learner writes needs more, and deep nesting only serves to make requests slow.
MAX_NESTING = 10_000

# A name is drawn inside a node circle; longer names are never readable.
MAX_NAME_CHARS = 64

# Numeric literal length: float64 has 17 significant digits, anything longer is a typo or an attack.
MAX_NUMBER_CHARS = 400

# One tensor (a value or an intermediate): keeps a request's arithmetic and JSON bounded.
MAX_TENSOR_ELEMENTS = 100_000

# All node values together: the response carries every value and gradient of every node.
MAX_TOTAL_ELEMENTS = 2_000_000

# Tensors have at most two axes (vectors and matrices, a batch of samples as rows).
MAX_NDIM = 2

# Every number an answer carries (values, grads, locals, downstreams), counted before it is built: at
# most ~20 bytes each, this keeps one answer below ~20 MB of JSON, which a browser parses in well under
# a second. The compute limits above allow more (a chain of 900 products of a 44 × 44 matrix computes
# 1.7 million numbers but would answer 7 million), so the answer is bounded on its own.
MAX_ANSWER_NUMBERS = 1_000_000

# An edge's local gradient is shown as a full Jacobian only while it stays readable and small.
MAX_JACOBIAN_ENTRIES = 4_096

# The finite-difference check re-runs the forward pass twice per input element; this bounds
# (elements checked) × (nodes) so a check stays below a few seconds.
MAX_CHECK_WORK = 2_000_000
# ... and (elements checked) × (numbers computed per forward pass: each node's size, a matrix product's
# times its inner dimension), since one node may hold 100,000 numbers: sum(A) with A 100 × 1,000 passed the
# bound above but ran ~4·10^10 additions (the server's 10 s budget stopped it). ~1 ns each: ~1 s.
MAX_CHECK_ELEMENT_WORK = 1_000_000_000

# Finite-difference step (relative to max(1, |x|)): the central difference's truncation error is
# O(h²) ≈ 1e-12 and its rounding error ≈ 1e-16/h ≈ 1e-10.
CHECK_STEP = 1e-6
