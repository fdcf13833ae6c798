# kind: wrong
# why: Detaches the batch mean/var before normalizing, so outputs and buffers match but d out/d x is wrong; violates 'a média e a variância do batch fazem parte do grafo; só as cópias guardadas nos buffers levam .detach()'.
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
        mean = x.mean(dim=(0, 2, 3)).detach()
        var = x.var(dim=(0, 2, 3), correction=0).detach()
        unbiased = x.var(dim=(0, 2, 3), correction=1).detach()
        with torch.no_grad():
            bn.running_mean.mul_(1 - bn.momentum).add_(bn.momentum * mean)
            bn.running_var.mul_(1 - bn.momentum).add_(bn.momentum * unbiased)
    else:
        mean, var = bn.running_mean, bn.running_var
    x_hat = (x - mean.view(1, -1, 1, 1)) / torch.sqrt(var.view(1, -1, 1, 1) + bn.eps)
    return x_hat * bn.weight.view(1, -1, 1, 1) + bn.bias.view(1, -1, 1, 1)
