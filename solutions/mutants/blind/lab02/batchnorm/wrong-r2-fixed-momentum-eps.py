# kind: wrong
# why: Hard-codes momentum 0.1 and eps 1e-5 (the defaults seen in the visible tests) instead of reading bn.momentum/bn.eps; violates 'Use bn.eps dentro da raiz' and 'As entradas são sorteadas: ... eps, momentum'.
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
    momentum, eps = 0.1, 1e-5  # os valores padrão da BatchNorm2d
    if bn.training:
        mean = x.mean(dim=(0, 2, 3))
        var = x.var(dim=(0, 2, 3), correction=0)
        with torch.no_grad():
            bn.running_mean.copy_((1 - momentum) * bn.running_mean + momentum * mean)
            bn.running_var.copy_((1 - momentum) * bn.running_var + momentum * x.var(dim=(0, 2, 3), correction=1))
    else:
        mean, var = bn.running_mean, bn.running_var
    x_hat = (x - mean.view(1, -1, 1, 1)) / torch.sqrt(var.view(1, -1, 1, 1) + eps)
    return x_hat * bn.weight.view(1, -1, 1, 1) + bn.bias.view(1, -1, 1, 1)
