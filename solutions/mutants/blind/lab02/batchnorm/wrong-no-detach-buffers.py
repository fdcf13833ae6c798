# kind: wrong
# why: stores the batch statistics in the buffers without .detach(), rebinding bn.running_mean/var to tensors that carry the autograd graph when x requires grad; visible tests (no grad) pass
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
        mean = x.mean(dim=(0, 2, 3))
        var = x.var(dim=(0, 2, 3), unbiased=False)
        m = bn.momentum
        bn.running_mean = (1 - m) * bn.running_mean + m * mean
        bn.running_var = (1 - m) * bn.running_var + m * x.var(dim=(0, 2, 3), unbiased=True)
    else:
        mean, var = bn.running_mean, bn.running_var
    x_hat = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + bn.eps)
    return x_hat * bn.weight.view(shape) + bn.bias.view(shape)
