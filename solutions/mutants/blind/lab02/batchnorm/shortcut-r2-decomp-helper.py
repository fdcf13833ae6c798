# kind: shortcut
# why: Delegates the whole computation (train stats, in-place running updates, eval) to PyTorch's Python reference native_batch_norm_helper from torch._decomp, captured under another name; violates 'Nada de ... as versões em Python do próprio PyTorch em torch._decomp e torch._refs'.
from torch._decomp import decompositions as _bn_ref


def batchnorm_forward(x, bn):
    """Reproduz bn(x) de uma nn.BatchNorm2d `bn` para x de shape (N, C, H, W).

    - Em modo treino (bn.training verdadeiro): normaliza com a média e a variância
      *do batch*, por canal (sobre as dimensões N, H e W; variância enviesada, que
      divide por n). Também atualiza as estatísticas acumuladas (buffers, sem gradiente: use .detach()):
      running = (1 - bn.momentum) * running + bn.momentum * estatística_do_batch,
      usando para running_var a variância *não enviesada* (divide por n - 1).
    - Em modo avaliação: normaliza com bn.running_mean e bn.running_var, sem mudá-las.
    Depois, em ambos: multiplica por bn.weight e soma bn.bias (por canal).
    Use bn.eps dentro da raiz: (x - média) / sqrt(var + eps).
    """
    helper = _bn_ref.native_batch_norm_helper
    out, _, _, _, _ = helper(x, bn.weight, bn.bias, bn.running_mean, bn.running_var,
                             bn.training, bn.momentum, bn.eps, False)
    return out
