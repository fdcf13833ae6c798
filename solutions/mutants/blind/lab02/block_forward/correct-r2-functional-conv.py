# kind: correct
# why: Computes the shortcut first, runs the convolutions through F.conv2d with each layer's own weight/stride/padding and the BN modules, then torch.add + clamp_min(0) after the sum; downsample any module; same values/grads/running stats as torchvision.
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    shortcut = x if self.downsample is None else self.downsample(x)
    c1, c2 = self.conv1, self.conv2
    h = F.conv2d(x, c1.weight, c1.bias, c1.stride, c1.padding, c1.dilation, c1.groups)
    h = F.relu(self.bn1(h))
    h = F.conv2d(h, c2.weight, c2.bias, c2.stride, c2.padding, c2.dilation, c2.groups)
    h = self.bn2(h)
    return torch.add(h, shortcut).clamp_min(0)


BasicBlock.forward = block_forward
