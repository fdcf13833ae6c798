# kind: wrong
# why: narrow: hard-codes momentum 0.1 instead of bn.momentum; the visible tests use the default 0.1, so they pass, but a BatchNorm2d(momentum=0.3) is updated wrongly
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
    # SEU CÓDIGO AQUI
    shape = (1, -1, 1, 1)
    if bn.training:
        n = x.shape[0] * x.shape[2] * x.shape[3]
        mean = x.mean(dim=(0, 2, 3))
        var = x.var(dim=(0, 2, 3), unbiased=False)
        with torch.no_grad():
            bn.running_mean.copy_(0.9 * bn.running_mean + 0.1 * mean.detach())
            bn.running_var.copy_(0.9 * bn.running_var + 0.1 * var.detach() * n / (n - 1))
    else:
        mean, var = bn.running_mean, bn.running_var
    x_hat = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + bn.eps)
    return x_hat * bn.weight.view(shape) + bn.bias.view(shape)
