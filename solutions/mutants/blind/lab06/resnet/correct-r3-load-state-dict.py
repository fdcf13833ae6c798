# kind: correct
# why: Builds an empty resnet18, loads the IMAGENET1K_V1 state dict through the weights enum when pretrained, then swaps in a fresh Linear head; all parameters keep requires_grad.
def build_resnet18(num_classes: int = 10, pretrained: bool = True) -> nn.Module:
    """A ResNet-18 do torchvision com pesos do ImageNet (se pretrained) e uma cabeça nova.

    Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro
    (weights=models.ResNet18_Weights.IMAGENET1K_V1; "IMAGENET1K_V1" e "DEFAULT" são a mesma
    coisa escrita de outro jeito) e weights=None caso contrário, e troque a camada final
    (model.fc, feita para as 1000 classes do ImageNet) por uma nn.Linear nova, com
    num_classes saídas. Todas as camadas continuam treináveis (ajuste fino completo).
    """
    net = models.resnet18(weights=None)
    if pretrained:
        weights = models.ResNet18_Weights.IMAGENET1K_V1
        net.load_state_dict(weights.get_state_dict(progress=True, check_hash=True))
    in_features = net.fc.weight.shape[1]
    net.fc = nn.Linear(in_features, num_classes, bias=True)
    for p in net.parameters():
        p.requires_grad_(True)
    return net
