# kind: correct
# why: standard residual forward written with F.relu and torch.add, shortcut computed first from the untouched input; ReLU only after the sum
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    # SEU CÓDIGO AQUI
    skip = x if self.downsample is None else self.downsample(x)
    main = F.relu(self.bn1(self.conv1(x)))
    main = self.bn2(self.conv2(main))
    return F.relu(torch.add(main, skip))


BasicBlock.forward = block_forward
