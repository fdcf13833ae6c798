# kind: wrong
# why: Updates the buffers in place but with the non-detached batch stats and outside no_grad, so when x requires grad running_mean/running_var get a grad_fn (autograd history in the buffers); violates 'os mesmos tensores, sem histórico de autograd' / 'use .detach()'.
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
    if bn.training:
        mean = x.mean(dim=(0, 2, 3))
        var = x.var(dim=(0, 2, 3), correction=0)
        unbiased = x.var(dim=(0, 2, 3), correction=1)
        bn.running_mean.mul_(1 - bn.momentum).add_(mean * bn.momentum)
        bn.running_var.mul_(1 - bn.momentum).add_(unbiased * bn.momentum)
    else:
        mean, var = bn.running_mean, bn.running_var
    out = (x - mean[None, :, None, None]) / (var[None, :, None, None] + bn.eps).sqrt()
    return out * bn.weight[None, :, None, None] + bn.bias[None, :, None, None]
