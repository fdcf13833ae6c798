# kind: correct
# why: builds the network with torchvision's ResNet class and BasicBlock directly (num_classes head) and loads the ImageNet state dict minus fc, instead of models.resnet18 [visible tests: all pass] (relabelled: the same network and ImageNet weights that models.resnet18 gives, with a new head; the text forbids nothing it uses)
def build_resnet18(num_classes: int = 10, pretrained: bool = True) -> nn.Module:
    """A ResNet-18 do torchvision com pesos do ImageNet (se pretrained) e uma cabeça nova.

    Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro
    (weights=models.ResNet18_Weights.IMAGENET1K_V1; "IMAGENET1K_V1" e "DEFAULT" são a mesma
    coisa escrita de outro jeito) e weights=None caso contrário, e troque a camada final
    (model.fc, feita para as 1000 classes do ImageNet) por uma nn.Linear nova, com
    num_classes saídas. Todas as camadas continuam treináveis (ajuste fino completo).
    """
    from torchvision.models.resnet import ResNet as _ResNet, BasicBlock as _Basic
    net = _ResNet(_Basic, [2, 2, 2, 2], num_classes=num_classes)
    if pretrained:
        state = models.ResNet18_Weights.IMAGENET1K_V1.get_state_dict(progress=False)
        state = {k: v for k, v in state.items() if not k.startswith("fc.")}
        net.load_state_dict(state, strict=False)
    return net
