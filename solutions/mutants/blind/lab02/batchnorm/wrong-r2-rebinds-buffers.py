# kind: wrong
# why: Assigns new tensors to bn.running_mean/running_var instead of updating them in place (values right, but a saved state_dict/optimizer keeps the stale tensors); violates 'Atualize bn.running_mean e bn.running_var no lugar (os mesmos tensores, sem histórico de autograd)'.
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
        n = x.numel() / x.shape[1]
        bn.running_mean = (1 - bn.momentum) * bn.running_mean + bn.momentum * mean.detach()
        bn.running_var = (1 - bn.momentum) * bn.running_var + bn.momentum * var.detach() * n / (n - 1)
    else:
        mean, var = bn.running_mean, bn.running_var
    x_hat = (x - mean.view(1, -1, 1, 1)) / torch.sqrt(var.view(1, -1, 1, 1) + bn.eps)
    return x_hat * bn.weight.view(1, -1, 1, 1) + bn.bias.view(1, -1, 1, 1)
