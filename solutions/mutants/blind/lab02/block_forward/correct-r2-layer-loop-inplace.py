# kind: correct
# why: Walks the main path as a list of layers (conv1, bn1, relu, conv2, bn2), adds the shortcut in place and applies ReLU in place only after the sum, exactly like the reference order; input x is never modified.
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    out = x
    for layer in (self.conv1, self.bn1, torch.relu, self.conv2, self.bn2):
        out = layer(out)
    if self.downsample is not None:
        out += self.downsample(x)
    else:
        out += x
    return out.relu_()


BasicBlock.forward = block_forward
